/** A ref that always holds the latest value: stable callbacks that read the current props. */
import { useRef } from "react";

export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
