/**
 * Shared test data: the public UAT merchant and the section-4 example message, byte for byte.
 * (Not a test file itself; imported by the *.test.ts files beside it.)
 */
import { type AtomPayConfig, sandboxUrls, UAT_TEST_MERCHANT } from "./config";

export const UAT_CONFIG: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls("http://127.0.0.1:1") };

/** Section 8, vector 3. */
export const REAL_AUTH_ANSWER_HEX =
  "5500FEA2F09DA7EF128CFE7D2D01F2533B8D8211ACDCEEE850A7943CF46D4A18FF153971B83983A1EBF8B48F36315222" +
  "E33FED142A05BE8FD890492ED759983B173801C801A79B390C17E01354CA0752087CF1E71316E5F442FADA985C46B06D" +
  "B8462928DB18BC8E7714EC6128340CB8690A185F590E47658C293FA2E73ADC77899D6E7B119E17005E625CF2258A6A74" +
  "363EAA59A43FF785505A77D163DA232B1D2250C4A1A1C755E10D5991A2DB5B3C";
export const REAL_AUTH_ANSWER_PLAIN =
  '{"atomTokenId":15000000085228,"responseDetails":{"txnStatusCode":"OTS0000","txnMessage":"SUCCESS","txnDescription":"ATOM ' +
  'TOKEN ID HAS BEEN GENERATED SUCCESSFULLY"}}';

/** Section 8, vector 5. */
export const SECTION4_SIGNATURE =
  "19b9bdfcd963970ce6bbdd42593402960346b9534dd40a8c594f8977ff761b84912b9a300063043b4030c13254ae99940491781e32a8a29aaeb7d7b4fe3c2472";

/** The section-4 example, as JSON TEXT (so 250.00 / 250.0 / 0.00 are exactly what the gateway writes). */
export function section4Text(signature = SECTION4_SIGNATURE): string {
  return `{"payInstrument":{
  "merchDetails":{"merchId":317157,"merchTxnId":"ANW-9F3K2Q7XJ1","merchTxnDate":"2026-11-27T15:04:05"},
  "payDetails":{"atomTxnId":11000000174314,"prodDetails":[{"prodName":"NSE","prodAmount":250.0}],
    "amount":250.00,"surchargeAmount":0.00,"totalAmount":250.00,"custAccNo":"213232323",
    "txnCurrency":"INR","signature":"${signature}",
    "txnInitDate":"2026-11-27 15:04:06","txnCompleteDate":"2026-11-27 15:04:40"},
  "payModeSpecificData":{"subChannel":["NB"],
    "bankDetails":{"otsBankId":2001,"bankTxnId":"BANK0000123456","otsBankName":"Atom Bank"}},
  "extras":{"udf1":"","udf2":"","udf3":"","udf4":"","udf5":""},
  "custDetails":{"custEmail":"a@example.com","custMobile":"9876543210","billingInfo":{}},
  "responseDetails":{"statusCode":"OTS0000","message":"SUCCESS","description":"TRANSACTION IS SUCCESSFUL."}}}`;
}

/** The same message through the gateway-side builder. */
export const SECTION4_INPUT = {
  merchTxnId: "ANW-9F3K2Q7XJ1",
  merchTxnDate: "2026-11-27T15:04:05",
  atomTxnId: "11000000174314",
  amountPaise: 25000,
  surchargePaise: 0,
  statusCode: "OTS0000",
  message: "SUCCESS",
  description: "TRANSACTION IS SUCCESSFUL.",
  subChannel: "NB",
  bankTxnId: "BANK0000123456",
  bankName: "Atom Bank",
  custEmail: "a@example.com",
  custMobile: "9876543210",
} as const;

/** Every secret of the UAT config, and the derived keys' hex, for "never leaks" assertions. */
const SECRET_STRINGS = [
  UAT_TEST_MERCHANT.password,
  UAT_TEST_MERCHANT.requestAesKey,
  UAT_TEST_MERCHANT.responseAesKey,
  UAT_TEST_MERCHANT.requestHashKey,
  UAT_TEST_MERCHANT.responseHashKey,
  "dbaef3814c5b7e9c7b7a6839e1aab8170b1d7d4a503a6abe9bd28fe261f34f05",
  "dbf4366db49277f0653eacfa683d1de78e4ffcdbc8d43425b643090f97645dae",
];

export function expectNoSecrets(text: string): string[] {
  const lower = text.toLowerCase();
  return SECRET_STRINGS.filter((s) => lower.includes(s.toLowerCase()));
}
