import { createRecoClient, orThrow, RecoApiError } from './index';

/** Records each request and answers with `answer`: the client's own behaviour, no server needed. */
function recording(answer: () => Response) {
  const requests: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return answer();
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

describe('createRecoClient', () => {
  it('sends the key as a bearer credential, under the base URL, with list parameters comma-separated', async () => {
    const { requests, fetch } = recording(() => Response.json({ userId: '17850', items: [] }));
    const reco = createRecoClient({ baseUrl: 'http://reco.test/', apiKey: 'reco_service_abc', fetch, headers: { 'X-Request-Id': 'r-1' } });
    await reco.GET('/api/users/{id}/recommendations', { params: { path: { id: '17850' }, query: { k: 3, excludeProductIds: ['A1', 'B2'] } } });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('http://reco.test/api/users/17850/recommendations?k=3&excludeProductIds=A1,B2');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer reco_service_abc');
    expect(requests[0]?.headers.get('x-request-id')).toBe('r-1');
  });

  it('orThrow gives the data of a success and a RecoApiError naming the code of a failure', async () => {
    const ok = createRecoClient({ baseUrl: 'http://reco.test', apiKey: 'k', fetch: recording(() => Response.json({ tools: [] })).fetch });
    expect(orThrow(await ok.GET('/api/tools'))).toEqual({ tools: [] });
    const refused = createRecoClient({
      baseUrl: 'http://reco.test',
      apiKey: 'k',
      fetch: recording(() => Response.json({ error: { code: 'UNAUTHENTICATED', message: 'Unknown API key' } }, { status: 401 })).fetch,
    });
    const result = await refused.GET('/api/tools');
    expect(() => orThrow(result)).toThrow(new RecoApiError(401, { error: { code: 'UNAUTHENTICATED', message: 'Unknown API key' } }));
    expect(() => orThrow(result)).toThrow('Reco answered 401 UNAUTHENTICATED: Unknown API key');
  });
});
