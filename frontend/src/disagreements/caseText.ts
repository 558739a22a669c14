/** The words the case dialogs start from (the reviewer edits them before confirming). */
import type { CaseItem, DisagreementCase } from "../api/disagreements";

export function caseTitle(c: DisagreementCase): string {
  return `${c.control}: ${c.label_a} ↔ ${c.label_b}`;
}

/** The question's prefilled text: the confusion on this item and across the project. */
export function questionText(c: DisagreementCase, item: CaseItem): string {
  return (
    `Ambiguous case on “${c.control}”: annotators split between “${c.label_a}” and “${c.label_b}” ` +
    `on this item (${item.count_a}× ${c.label_a}, ${item.count_b}× ${c.label_b} of ${item.n_answers} answers). ` +
    `Across the project these labels were confused on ${c.n_items} item(s) by ${c.n_annotators} annotator(s). ` +
    "Which is right here, and what should the guideline say?"
  );
}

export function exampleText(c: DisagreementCase, correct: string): string {
  return `Annotators confused “${c.label_a}” and “${c.label_b}” on this item: the right answer is “${correct}”.`;
}

/** The label the item's answers chose most (label A on a tie): the likely right answer. */
export function likelyCorrect(c: DisagreementCase, item: CaseItem): string {
  return item.count_b > item.count_a ? c.label_b : c.label_a;
}
