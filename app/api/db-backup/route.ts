import { handleBackupRequest } from "@/lib/db/backup";

export const dynamic = "force-dynamic";

// `npm run db:backup` while the server runs on the embedded database. Every method goes to the
// handler, which answers 404 to all but a signed POST (so OPTIONS and HEAD reveal nothing either).
export const GET = handleBackupRequest;
export const HEAD = handleBackupRequest;
export const POST = handleBackupRequest;
export const PUT = handleBackupRequest;
export const PATCH = handleBackupRequest;
export const DELETE = handleBackupRequest;
export const OPTIONS = handleBackupRequest;
