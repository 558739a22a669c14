/** Placeholder of the issue-11 contract: replaced by its owner before it lands. */

export function ReviewPage() {
  return <p className="hint">Coming soon.</p>;
}
