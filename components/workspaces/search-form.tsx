import Form from "next/form";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/**
 * A search box that puts its text in the page's URL (next/form: a client-side navigation, or a
 * plain GET without JavaScript), keeping the URL's other parameters (`keep`, empty ones dropped).
 */
export function SearchForm({
  action,
  label,
  field,
  keep,
  button,
  clearHref,
}: {
  action: string;
  label: string;
  field: { id: string; name: string; label: string; value: string };
  keep: Record<string, string>;
  button: string;
  clearHref?: string;
}) {
  return (
    <Form
      action={action}
      role="search"
      aria-label={label}
      className="flex flex-wrap items-end gap-2"
    >
      <div className="flex min-w-56 flex-1 flex-col gap-1.5">
        <label htmlFor={field.id} className="text-sm font-medium">
          {field.label}
        </label>
        <Input
          // A new search in the URL (Clear, Back) shows its own text.
          key={field.value}
          id={field.id}
          name={field.name}
          type="search"
          defaultValue={field.value}
          placeholder="Name or email"
        />
      </div>
      {Object.entries(keep).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      <Button type="submit" variant="outline">
        {button}
      </Button>
      {clearHref ? (
        <Link
          href={clearHref}
          className="self-center text-sm font-medium text-link underline-offset-4 hover:underline"
        >
          Clear
        </Link>
      ) : null}
    </Form>
  );
}
