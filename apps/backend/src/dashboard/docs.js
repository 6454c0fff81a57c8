// The API reference: Swagger UI (swagger-ui-dist, served from node_modules at /docs/swagger-ui/)
// over this server's /api/openapi.json. The key is entered once under "Authorize" and kept in this
// browser (persistAuthorization); "Try it out" calls the API from the page.
'use strict';

window.addEventListener('DOMContentLoaded', function () {
  window.ui = window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    filter: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    // Nothing leaves the server: no validator badge calling validator.swagger.io.
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});
