import { ACTION_LABELS, type Sentence } from "@/lib/permissions/reference";

/**
 * A sentence of the permissions reference as the page shows it: an action reads as its words in
 * quotes (the doc shows its key instead), a role's key as code.
 */
export function SentenceText({ sentence }: { sentence: Sentence }) {
  return sentence.map((phrase, i) =>
    typeof phrase === "string" ? (
      phrase
    ) : "action" in phrase ? (
      <q key={i}>{ACTION_LABELS[phrase.action]}</q>
    ) : (
      <code key={i} className="rounded bg-muted px-1 py-0.5 text-[0.8125rem]">
        {phrase.code}
      </code>
    ),
  );
}
