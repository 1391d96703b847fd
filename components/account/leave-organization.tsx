"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { leaveOrganizationAction } from "@/lib/account/profile-actions";

/** Leave organization: a confirmation naming it, and what else goes. */
export function LeaveOrganization({
  organizationId,
  organizationName,
  allowed,
  deletesAccount,
}: {
  organizationId: string;
  organizationName: string;
  allowed: boolean;
  deletesAccount: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  if (!allowed) {
    return (
      <div className="flex flex-col gap-3">
        <p className="text-sm text-muted-foreground">
          You own {organizationName}. Transfer ownership to someone else in Organization settings
          first; then you can leave.
        </p>
        <div>
          <Button variant="outline" disabled>
            Leave organization
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-muted-foreground">
        You lose access to {organizationName} and its workspaces.
        {deletesAccount ? " It is your only organization, so your account is deleted too." : ""}
      </p>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div>
        <ConfirmDialog
          trigger={<Button variant="destructive">Leave organization</Button>}
          title={`Leave ${organizationName}?`}
          description={
            <>
              You lose access to <strong>{organizationName}</strong>, your roles in its workspaces
              are removed, and only an invitation brings you back.
              {deletesAccount ? (
                <>
                  {" "}
                  It is your only organization: <strong>your account is deleted</strong> and you are
                  signed out.
                </>
              ) : null}
            </>
          }
          confirmLabel="Leave organization"
          destructive
          onConfirm={async () => {
            setError(null);
            const result = await leaveOrganizationAction({ organizationId });
            if (!result.ok) {
              setError(result.error);
              return;
            }
            toast.success(`You left ${organizationName}`);
            window.location.assign(result.accountDeleted ? "/sign-in" : "/");
          }}
        />
      </div>
    </div>
  );
}
