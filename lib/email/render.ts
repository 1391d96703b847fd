import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { subjectLine } from "./format";

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

// The slice of html-to-text's formatter API used below (the package ships no types).
interface TextBuilder {
  openBlock(options?: { leadingLineBreaks?: number }): void;
  closeBlock(options?: { trailingLineBreaks?: number }): void;
  addInline(text: string, options?: { noWordTransform?: boolean }): void;
  addLiteral(text: string): void;
  addLineBreak(): void;
}
interface TextElement {
  attribs?: Record<string, string | undefined>;
  children: unknown[];
}
type Walk = (nodes: unknown[], builder: TextBuilder) => void;

// The layout marks elements with these data attributes (see templates/layout.tsx).
const PLAIN_TEXT_OPTIONS = {
  formatters: {
    /** A button: its label, then its link on a line of its own. */
    emailAction(elem: TextElement, walk: Walk, builder: TextBuilder) {
      builder.openBlock({ leadingLineBreaks: 2 });
      walk(elem.children, builder);
      builder.addInline(":");
      builder.addLineBreak();
      builder.addInline(elem.attribs?.href ?? "", { noWordTransform: true });
      builder.closeBlock({ trailingLineBreaks: 2 });
    },
    /** The footer, after the "-- " line that mail clients recognize as a signature delimiter. */
    emailFooter(elem: TextElement, walk: Walk, builder: TextBuilder) {
      builder.openBlock({ leadingLineBreaks: 2 });
      builder.addLiteral("-- ");
      builder.addLineBreak();
      walk(elem.children, builder);
      builder.closeBlock({ trailingLineBreaks: 1 });
    },
  },
  selectors: [
    { selector: "ul", options: { itemPrefix: "- " } },
    { selector: "a[data-email-action]", format: "emailAction" },
    { selector: "[data-email-footer]", format: "emailFooter" },
  ],
};

/**
 * Renders an email component twice: the HTML part, and a plain-text part derived from it (the
 * product header, the preheader and the "if the button doesn't work" fallback are left out of it,
 * since there each link already stands on its own line).
 */
export async function renderEmail(subject: string, email: ReactElement): Promise<EmailContent> {
  const [html, text] = await Promise.all([
    render(email),
    render(email, { plainText: true, htmlToTextOptions: PLAIN_TEXT_OPTIONS }),
  ]);
  return { subject: subjectLine(subject), html, text: `${text.trim()}\n` };
}
