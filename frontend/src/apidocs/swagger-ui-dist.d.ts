/** The prebuilt Swagger UI bundle ships no types; only the one call the docs page makes. */
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const SwaggerUIBundle: (options: Record<string, unknown>) => unknown;
  export default SwaggerUIBundle;
}
