/** Placeholder of the issue-11 contract: replaced by its owner before it lands. */
import type { Project } from "../api/types";

export function CostTab(_props: { project: Project }) {
  return <p className="hint">Coming soon.</p>;
}
