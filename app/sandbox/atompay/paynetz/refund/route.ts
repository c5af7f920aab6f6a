// REFUNDINIT at the path NDPS's API reference gives for production (`/paynetz/refund?merchId=…&encData=…`), so the
// query-string form can be tried against the sandbox (ATOMPAY_REFUND_URL=…/sandbox/atompay/paynetz/refund with
// ATOMPAY_REFUND_FORM=query). The same handler as /ots/payment/refund.
export { POST } from "../../ots/payment/refund/route";
