import { handlers } from "@/lib/auth/auth";
import { refuseInvalidCallbackUrl } from "@/lib/auth/callback-url";

export const GET = refuseInvalidCallbackUrl(handlers.GET);
export const POST = refuseInvalidCallbackUrl(handlers.POST);
