import { Preview } from "@react-email/components";
import { ActionButton, EmailLayout, PRODUCT, Paragraph, Strong } from "./layout";

export interface JoinRequestDecisionEmail {
  firstName: string;
  workspaceName: string;
  organizationName: string;
  approved: boolean;
  /** The workspace role given, when approved. */
  role?: string;
  link: string;
}

export function joinRequestDecisionSubject(props: JoinRequestDecisionEmail): string {
  return `Your request to join ${props.workspaceName} was ${props.approved ? "approved" : "declined"}`;
}

export default function JoinRequestDecisionTemplate(props: JoinRequestDecisionEmail) {
  const request = (
    <>
      {"Your request to join "}
      <Strong>{props.workspaceName}</Strong>
      {" in "}
      <Strong>{props.organizationName}</Strong>
    </>
  );
  return (
    <EmailLayout
      title={joinRequestDecisionSubject(props)}
      preview={
        <Preview>
          {props.approved
            ? `You now have access to ${props.workspaceName}.`
            : `Your request to join ${props.workspaceName} was declined.`}
        </Preview>
      }
      organizationName={props.organizationName}
    >
      <Paragraph>{`Hi ${props.firstName},`}</Paragraph>
      {props.approved ? (
        <>
          <Paragraph>
            {request}
            {" was approved."}
            {props.role && (
              <>
                {" Your role there: "}
                <Strong>{props.role}</Strong>.
              </>
            )}
          </Paragraph>
          <ActionButton label={`Open ${props.workspaceName}`} href={props.link} />
        </>
      ) : (
        <>
          <Paragraph>
            {request}
            {" was declined. If you think this is a mistake, ask an admin of the workspace."}
          </Paragraph>
          <ActionButton label={`Open ${PRODUCT}`} href={props.link} />
        </>
      )}
    </EmailLayout>
  );
}

JoinRequestDecisionTemplate.PreviewProps = {
  firstName: "Max",
  workspaceName: "Design",
  organizationName: "Acme Inc.",
  approved: true,
  role: "Editor",
  link: "https://roster.example.com/workspaces/cm4x7k2p90001",
} satisfies JoinRequestDecisionEmail;
