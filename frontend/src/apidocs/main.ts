/**
 * The interactive API docs (`/api/docs`): Swagger UI from the `swagger-ui-dist` package, built
 * into the static UI so the page loads nothing from elsewhere and runs under the server's own
 * Content Security Policy (no inline script). "Try it out" uses the session cookie, so every
 * request carries the CSRF header, as the web UI's do.
 */
import SwaggerUIBundle from "swagger-ui-dist/swagger-ui-bundle.js";
import "swagger-ui-dist/swagger-ui.css";
import { CSRF_COOKIE, CSRF_HEADER, readCookie } from "../api/client";

interface SwaggerRequest {
  headers: Record<string, string>;
}

SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  requestInterceptor: (req: SwaggerRequest) => {
    const token = readCookie(CSRF_COOKIE);
    if (token) req.headers[CSRF_HEADER] = token;
    return req;
  },
});
