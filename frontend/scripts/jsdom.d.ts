// The little of jsdom's API the widget-manifest plugin uses (jsdom ships no types of its own and
// @types/jsdom is not a dependency).
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string, options?: { url?: string; pretendToBeVisual?: boolean });
    readonly window: Window & typeof globalThis;
  }
}
