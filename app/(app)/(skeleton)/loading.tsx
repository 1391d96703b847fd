// The skeleton shown at once while a page of this route group (the lists and the settings) loads.
// Its response starts before the page renders, so it is a 200 whatever the page finds. The pages
// that can find nothing (a person, an invitation, a workspace by id; /organizations/new where
// organizations can't be created) and those that redirect (home, /no-access) stay outside the
// group, where their response waits for them: 404, 307 (docs/architecture.md, "A page").
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading" className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="flex flex-col gap-2">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-11 w-full" />
        ))}
      </div>
    </div>
  );
}
