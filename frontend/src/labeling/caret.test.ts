import { describe, expect, it } from "vitest";
import { caretAt, caretRange, collapse, initialCaret, moveCaret, type Caret } from "./caret";

const TEXT = "Ada Lovelace met Acme's team in Zürich, 😀 today.";
const slice = (c: Caret) => {
  const r = caretRange(c);
  return TEXT.slice(r.start, r.end);
};

describe("span caret", () => {
  it("starts on the first word and moves word by word, skipping blanks", () => {
    let c = initialCaret(TEXT)!;
    expect(slice(c)).toBe("Ada");
    c = moveCaret(TEXT, c, 1, "word", false);
    expect(slice(c)).toBe("Lovelace");
    c = moveCaret(TEXT, c, 1, "word", false);
    c = moveCaret(TEXT, c, 1, "word", false);
    expect(slice(c)).toBe("Acme's"); // Unicode word boundaries keep the apostrophe inside
    c = moveCaret(TEXT, c, -1, "word", false);
    expect(slice(c)).toBe("met");
  });

  it("extends with shift in either direction around the anchor", () => {
    let c = moveCaret(TEXT, initialCaret(TEXT)!, 1, "word", false); // Lovelace
    c = moveCaret(TEXT, c, 1, "word", true);
    expect(slice(c)).toBe("Lovelace met");
    c = moveCaret(TEXT, c, -1, "word", true);
    c = moveCaret(TEXT, c, -1, "word", true);
    expect(slice(c)).toBe("Ada Lovelace"); // back past the anchor: the selection now grows left
    expect(slice(collapse(c))).toBe("Ada");
  });

  it("moves and extends by character for parts of a word", () => {
    let c = caretAt(TEXT, TEXT.indexOf("Acme's"))!;
    expect(slice(c)).toBe("Acme's");
    c = moveCaret(TEXT, c, -1, "word", false); // met
    c = moveCaret(TEXT, c, 1, "char", false);
    expect(slice(c)).toBe("A");
    for (let i = 0; i < 3; i++) c = moveCaret(TEXT, c, 1, "char", true);
    expect(slice(c)).toBe("Acme");
  });

  it("treats punctuation and emoji as units and stays put at the ends", () => {
    let c = caretAt(TEXT, TEXT.indexOf("Zürich"))!;
    expect(slice(c)).toBe("Zürich");
    c = moveCaret(TEXT, c, 1, "word", false);
    expect(slice(c)).toBe(",");
    c = moveCaret(TEXT, c, 1, "word", false);
    expect(slice(c)).toBe("😀");
    for (let i = 0; i < 10; i++) c = moveCaret(TEXT, c, 1, "word", false);
    expect(slice(c)).toBe(".");
    const first = initialCaret(TEXT)!;
    expect(moveCaret(TEXT, first, -1, "word", false)).toBe(first);
  });

  it("has nothing to select in blank text", () => {
    expect(initialCaret("")).toBeNull();
    expect(initialCaret("  \n ")).toBeNull();
    expect(caretAt("", 0)).toBeNull();
  });
});
