// The API reference: Swagger UI (swagger-ui-dist, served from node_modules at /docs/swagger-ui/)
// over this server's /api/openapi.json. The key is entered once under "Authorize" and kept where the
// dashboard keeps it, in sessionStorage, so it leaves with the tab (Swagger UI's own
// persistAuthorization would keep it in localStorage for good); "Try it out" calls the API from the page.
'use strict';

const KEY = 'reco.apiKey';

window.addEventListener('DOMContentLoaded', function () {
  const ui = window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    persistAuthorization: false,
    // A call made with a key remembers it for this tab.
    requestInterceptor: function (request) {
      const headers = request.headers || {};
      const auth = headers.Authorization || headers.authorization;
      if (typeof auth === 'string' && auth.indexOf('Bearer ') === 0) sessionStorage.setItem(KEY, auth.slice(7));
      return request;
    },
    onComplete: function () {
      const key = sessionStorage.getItem(KEY);
      if (key) ui.preauthorizeApiKey('apiKey', key);
    },
    displayRequestDuration: true,
    filter: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    // Nothing leaves the server: no validator badge calling validator.swagger.io.
    validatorUrl: null,
    tryItOutEnabled: false,
  });
  window.ui = ui;
});
