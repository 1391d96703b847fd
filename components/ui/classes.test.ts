import fs from "node:fs";
import path from "node:path";
import type { ReactElement } from "react";
import { twMerge } from "tailwind-merge";
import { describe, expect, it } from "vitest";
import { Badge, BADGE_VARIANTS } from "./badge";
import { buttonClasses, type ButtonSize, type ButtonVariant } from "./button-classes";
import { buttonVariants } from "./button";
import { Input } from "./input";
import { Select } from "./select";
import { Spinner } from "./spinner";
import { setsWidth } from "@/lib/utils/classes";

// The primitives that can be in a page's first JavaScript build their classes without
// tailwind-merge. That is only right while their own classes never conflict, and while a width
// given in `className` replaces their full width exactly as merging would.

const classesOf = (element: ReactElement) => (element.props as { className: string }).className;
const set = (classes: string) => new Set(classes.split(/\s+/).filter(Boolean));

const VARIANTS: ButtonVariant[] = [
  "primary",
  "secondary",
  "outline",
  "ghost",
  "destructive",
  "link",
];
const SIZES: ButtonSize[] = ["sm", "md", "icon"];

describe("button classes without tailwind-merge", () => {
  it.each(VARIANTS.flatMap((variant) => SIZES.map((size) => [variant, size] as const)))(
    "%s, %s: no two classes conflict, pending or not",
    (variant, size) => {
      for (const pending of [false, true]) {
        const classes = buttonClasses({ variant, size, pending });
        expect(set(twMerge(classes))).toEqual(set(classes));
      }
    },
  );

  it("the link variant drops the size's height and padding, keeping the rest", () => {
    expect(set(buttonClasses({ variant: "link", size: "md" }))).not.toContain("h-9");
    expect(set(buttonClasses({ variant: "link", size: "sm" }))).toContain("text-[13px]");
    expect(set(buttonClasses({ variant: "link", size: "sm" }))).not.toContain("px-3");
  });

  it("buttonVariants still merges a caller's classes over them", () => {
    expect(set(buttonVariants({ size: "icon", className: "size-6" }))).not.toContain("size-9");
  });
});

describe("Input and Select: a width in className replaces the full width, as merging would", () => {
  const overrides = [undefined, "w-48", "w-auto", "pl-8", "sm:w-64", "w-40 font-mono"];
  it.each(overrides)("className %s", (className) => {
    const plainInput = classesOf(Input({}));
    expect(set(classesOf(Input({ className })))).toEqual(set(twMerge(plainInput, className)));
    for (const size of ["sm", "md"] as const) {
      const plainSelect = classesOf(Select({ size }));
      expect(set(twMerge(plainSelect))).toEqual(set(plainSelect));
      expect(set(classesOf(Select({ size, className })))).toEqual(
        set(twMerge(plainSelect, className)),
      );
    }
  });

  it("tells a width from a width at a breakpoint", () => {
    expect(setsWidth("w-48 font-mono")).toBe(true);
    expect(setsWidth("sm:w-64")).toBe(false);
    expect(setsWidth("max-w-sm")).toBe(false);
    expect(setsWidth(undefined)).toBe(false);
  });
});

describe("the component classes the primitives use are in app/globals.css", () => {
  const css = fs.readFileSync(path.join(import.meta.dirname, "../../app/globals.css"), "utf8");
  const defines = (className: string) => new RegExp(`\\.${className}(?![\\w-])[^{]*\\{`).test(css);

  it.each(["btn", "input", "select", "skeleton", "icon", "badge", "badge-dot", "logo"])(
    ".%s",
    (className) => expect(defines(className)).toBe(true),
  );

  it.each(BADGE_VARIANTS)("the %s badge's colours", (variant) => {
    expect(classesOf(Badge({ variant }))).toContain(`badge-${variant}`);
    expect(defines(`badge-${variant}`)).toBe(true);
  });

  it("and not a class that isn't", () => expect(defines("badge-purple")).toBe(false));
});

describe("Spinner holds no conflicting classes", () => {
  it.each(["sm", "md", "lg"] as const)("spinner %s", (size) => {
    const icon = Spinner({ size }) as ReactElement;
    const classes = classesOf(icon);
    expect(set(twMerge(classes))).toEqual(set(classes));
  });
});
