import { requireStaff } from '../auth/authenticate';
import { deleteProduct, putCustomers, putProducts } from '../contracts/catalog.contracts';
import type { ApiRoutes } from '../http/api-routes';
import { HttpError } from '../http/http-error';
import { batchAnswer, batchField, feedCall, recordsOf } from '../http/shop-feed-answers';
import { mount } from '../http/typed-handler';
import type { AppServices } from '../services/app-services';

/** The shop's catalogue and customers, written through the shop feed (service or admin key). */
export function catalogRoutes(router: ApiRoutes, services: AppServices): void {
  const feed = async () => {
    const shopFeed = await services.shopFeed();
    if (!shopFeed) throw HttpError.unavailable('Catalogue writes are not available on this server');
    return shopFeed;
  };

  // Bodies are parsed here, record by record, so one bad record never refuses its batch.
  mount(
    router,
    { ...putProducts, body: undefined },
    async ({ req }) => {
      const products = recordsOf(req.body, 'products');
      return batchAnswer(await feedCall(async () => (await feed()).upsertProducts(products)), batchField('products'));
    },
    requireStaff,
  );

  mount(
    router,
    deleteProduct,
    async ({ params }) => {
      if (!(await (await feed()).hideProduct(params.id))) throw HttpError.notFound(`No product ${JSON.stringify(params.id)}`);
      return { id: params.id, hidden: true as const };
    },
    requireStaff,
  );

  mount(
    router,
    { ...putCustomers, body: undefined },
    async ({ req }) => {
      const customers = recordsOf(req.body, 'customers');
      return batchAnswer(await feedCall(async () => (await feed()).upsertCustomers(customers)), batchField('customers'));
    },
    requireStaff,
  );
}
