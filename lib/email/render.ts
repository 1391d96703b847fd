import { plainTextSelectors, render } from "@react-email/render";
import { compile, type FormatCallback, type SelectorDefinition } from "html-to-text";
import type { ReactElement } from "react";
import { subjectLine } from "./format";

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

// The layout marks elements with these data attributes (see templates/layout.tsx).
const formatters: Record<string, FormatCallback> = {
  /** A button: its label, then its link on a line of its own. */
  emailAction(elem, walk, builder) {
    // html-to-text types an element's attributes as `any`; read them as what they may be.
    const attribs = elem.attribs as Record<string, unknown> | undefined;
    const href = attribs?.href;
    builder.openBlock({ leadingLineBreaks: 2 });
    walk(elem.children, builder);
    builder.addInline(":");
    builder.addLineBreak();
    builder.addInline(typeof href === "string" ? href : "", { noWordTransform: true });
    builder.closeBlock({ trailingLineBreaks: 2 });
  },
  /** The footer, after the "-- " line that mail clients recognize as a signature delimiter. */
  emailFooter(elem, walk, builder) {
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addLiteral("-- ");
    builder.addLineBreak();
    walk(elem.children, builder);
    builder.closeBlock({ trailingLineBreaks: 1 });
  },
};

const selectors: SelectorDefinition[] = [
  { selector: "ul", options: { itemPrefix: "- " } },
  { selector: "a[data-email-action]", format: "emailAction" },
  { selector: "[data-email-footer]", format: "emailFooter" },
];

/**
 * The HTML part to plain text: React Email's own conversion (`render(…, { plainText: true })`,
 * whose selectors come first) with the formatters above, compiled once. React Email converts with
 * html-to-text's `convert`, which compiles its options on every call, and renders the component a
 * second time for it: ~3.4 ms per email of the ~4.8 ms it took, ten times over when ten people are
 * invited at once.
 */
const toPlainText = compile({
  wordwrap: false,
  formatters,
  selectors: [...plainTextSelectors, ...selectors],
});

/**
 * Renders an email component once, to the HTML part, and derives the plain-text part from it
 * (the product header, the preheader and the "if the button doesn't work" fallback are left out
 * of it, since there each link already stands on its own line).
 */
export async function renderEmail(subject: string, email: ReactElement): Promise<EmailContent> {
  const html = await render(email);
  return { subject: subjectLine(subject), html, text: `${toPlainText(html).trim()}\n` };
}
