// Swagger UI for Warden's own OpenAPI document. "Authorize" takes a bearer token (from
// POST /api/v1/auth/login) or an API key; "Try it out" then calls this same origin.
window.addEventListener('load', function () {
    window.ui = SwaggerUIBundle({
        url: '/openapi',
        dom_id: '#swagger-ui',
        deepLinking: true,
        // Credentials stay in this page's memory only: nothing in localStorage.
        persistAuthorization: false,
        // The public validator badge would fetch from another site (and the CSP forbids it).
        validatorUrl: null,
        supportedSubmitMethods: ['get', 'post', 'put', 'patch', 'delete'],
        displayOperationId: true
    });
});
