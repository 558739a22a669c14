/** Radio buttons over a fixed list of choices, one label each: the Export tab's labels and the
 * Import tab's "labels in the file become". */
export function RadioChoices<T extends string>({
  name,
  choices,
  value,
  onChange,
}: {
  name: string;
  choices: { value: T; title: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <>
      {choices.map((c) => (
        <label key={c.value}>
          <input
            type="radio"
            name={name}
            value={c.value}
            checked={value === c.value}
            onChange={() => onChange(c.value)}
          />{" "}
          {c.title}
        </label>
      ))}
    </>
  );
}
