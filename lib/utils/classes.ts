/*
 * Helpers for primitives that build their classes without tailwind-merge (see
 * components/ui/button-classes.ts): they are in the first JavaScript of pages whose client
 * components use them, where tailwind-merge (about 8 KB gzipped) would be most of the weight.
 */

const WIDTH = /(?:^|\s)w-\S/;

/**
 * Whether a class list sets a width (`w-48`, `w-auto`; not `sm:w-64`, which applies from a
 * breakpoint on): a primitive that is full width by default gives way to it, as merging the two
 * lists would.
 */
export function setsWidth(className: string | undefined): boolean {
  return className !== undefined && WIDTH.test(className);
}
