/** A member's rate in the Members tab: hourly (times active hours) or per item (times
 * submissions); blank clears it. Saved on Enter or when the field loses focus. */
import { useEffect, useState } from "react";
import { costsApi, type MemberRate, type RateKind } from "../api/teams";

export function RateEditor({
  projectId,
  rate,
  onSaved,
  onError,
}: {
  projectId: number;
  rate: MemberRate;
  onSaved: (r: MemberRate) => void;
  onError: (message: string) => void;
}) {
  const [kind, setKind] = useState<RateKind>(rate.rate_kind ?? "hourly");
  const [value, setValue] = useState(rate.rate === null ? "" : String(rate.rate));
  useEffect(() => {
    setKind(rate.rate_kind ?? "hourly");
    setValue(rate.rate === null ? "" : String(rate.rate));
  }, [rate.rate_kind, rate.rate]);

  const save = async (nextKind: RateKind, text: string) => {
    const trimmed = text.trim();
    const amount = trimmed === "" ? null : Number(trimmed);
    if (amount !== null && (!Number.isFinite(amount) || amount < 0)) {
      onError("A rate is a number of 0 or more.");
      return;
    }
    if (amount === rate.rate && (amount === null || nextKind === rate.rate_kind)) return;
    try {
      onSaved(await costsApi.setRate(projectId, rate.user_id, amount === null ? null : nextKind, amount));
    } catch (err) {
      onError((err as Error).message);
    }
  };

  return (
    <span className="rate-editor">
      <input
        type="number"
        min={0}
        step="0.01"
        inputMode="decimal"
        value={value}
        placeholder="no rate"
        aria-label={`Rate of ${rate.email}`}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => void save(kind, value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void save(kind, value);
          }
        }}
        style={{ width: "6em" }}
      />
      <select
        value={kind}
        aria-label={`Rate kind of ${rate.email}`}
        onChange={(e) => {
          const next = e.target.value as RateKind;
          setKind(next);
          if (value.trim() !== "") void save(next, value);
        }}
      >
        <option value="hourly">per hour</option>
        <option value="per_item">per item</option>
      </select>
    </span>
  );
}
