// Run by verify-atompay-package.sh inside an empty project that installed the packed library: the published
// vectors of the AtomPay protocol (section 8, and section 12's second refund vector) through the package's public
// entry points only.
import assert from "node:assert/strict";
import * as atompay from "@anwesha/atompay";
import * as gateway from "@anwesha/atompay/gateway";

const REQUEST_AES_KEY = "A4476C2062FFA58980DC8F79EB6A799E";
const RESPONSE_AES_KEY = "75AEF0FA1B94B3C10D4F5B268F757F11";
const REAL_AUTH_ANSWER_HEX =
  "5500FEA2F09DA7EF128CFE7D2D01F2533B8D8211ACDCEEE850A7943CF46D4A18FF153971B83983A1EBF8B48F36315222" +
  "E33FED142A05BE8FD890492ED759983B173801C801A79B390C17E01354CA0752087CF1E71316E5F442FADA985C46B06D" +
  "B8462928DB18BC8E7714EC6128340CB8690A185F590E47658C293FA2E73ADC77899D6E7B119E17005E625CF2258A6A74" +
  "363EAA59A43FF785505A77D163DA232B1D2250C4A1A1C755E10D5991A2DB5B3C";
const REAL_AUTH_ANSWER_PLAIN =
  '{"atomTokenId":15000000085228,"responseDetails":{"txnStatusCode":"OTS0000","txnMessage":"SUCCESS","txnDescription":"ATOM ' +
  'TOKEN ID HAS BEEN GENERATED SUCCESSFULLY"}}';

const checks = {
  "vector 1: PBKDF2 of the request AES key": () =>
    assert.equal(atompay.deriveKey(REQUEST_AES_KEY).toString("hex"), "dbaef3814c5b7e9c7b7a6839e1aab8170b1d7d4a503a6abe9bd28fe261f34f05"),
  "vector 2: PBKDF2 of the response AES key": () =>
    assert.equal(atompay.deriveKey(RESPONSE_AES_KEY).toString("hex"), "dbf4366db49277f0653eacfa683d1de78e4ffcdbc8d43425b643090f97645dae"),
  "vector 3: decrypt(hex, key) of the real gateway's answer": () =>
    assert.equal(atompay.decrypt(REAL_AUTH_ANSWER_HEX, RESPONSE_AES_KEY), REAL_AUTH_ANSWER_PLAIN),
  "vector 3: encrypt(text, key) gives the same hex back": () =>
    assert.equal(atompay.encrypt(REAL_AUTH_ANSWER_PLAIN, RESPONSE_AES_KEY), REAL_AUTH_ANSWER_HEX),
  "vector 4: refund request signature": () =>
    assert.equal(
      atompay.hmacSha512Hex("KEY123657234", "317157Test@1236545e02c9d8355INRREFUNDINIT"),
      "a4df464724d1154cf2d33baf9b08cb6740637040e46d29034de472445b0df68af31de3c7089c0355bf0b5c887d568cd87b43a7b875ded9de8c9c946d4e57d40d",
    ),
  "vector 4b: the second published refund signature (merchant 317159, amount 500.00)": () => {
    const text = "317159Test@123173821682043500.00INRREFUNDINIT";
    const expected =
      "7f65c46c03b26e6c658312937fdc719a6146f8c447a802312322531dc83565e28da2f86942fec3bb4ad14434b73e03dad39b7fb0a1eb490729d20a1add1afcf7";
    assert.equal(atompay.hmacSha512Hex("KEY123657234", text), expected);
    assert.equal(
      atompay.refundRequestSignature(
        { merchId: "317159", password: "Test@123", merchTxnId: "173821682043", totalRefundAmountText: "500.00", txnCurrency: "INR" },
        "KEY123657234",
      ),
      expected,
    );
  },
  "vector 5: return signature": () =>
    assert.equal(
      atompay.returnSignature(
        {
          merchId: "317157",
          atomTxnId: "11000000174314",
          merchTxnId: "ANW-9F3K2Q7XJ1",
          totalPaise: 25000,
          statusCode: "OTS0000",
          subChannel: "NB",
          bankTxnId: "BANK0000123456",
        },
        "KEYRESP123657234",
      ),
      "19b9bdfcd963970ce6bbdd42593402960346b9534dd40a8c594f8977ff761b84912b9a300063043b4030c13254ae99940491781e32a8a29aaeb7d7b4fe3c2472",
    ),
  "the client entry has no gateway-side helpers; ./gateway has them": () => {
    assert.equal("buildReturnMessage" in atompay, false);
    assert.equal(typeof gateway.buildReturnMessage, "function");
    assert.equal(typeof atompay.createAtomPayClient, "function");
  },
  "a message built by ./gateway opens with the client entry": () => {
    const config = { ...atompay.UAT_TEST_MERCHANT, env: "sandbox", ...atompay.sandboxUrls("http://127.0.0.1:1") };
    const msg = gateway.buildReturnMessage(config, {
      merchTxnId: "ANW-1",
      merchTxnDate: new Date(),
      atomTxnId: "11000000174314",
      amountPaise: 25000,
      statusCode: "OTS0000",
      subChannel: "NB",
      bankTxnId: "B1",
    });
    const opened = atompay.openReturnMessage(gateway.encodeReturnForm(config, msg).encData, config);
    assert.equal(opened.signatureValid, true);
  },
};

let passed = 0;
for (const [name, check] of Object.entries(checks)) {
  check();
  passed++;
  console.log(`ok - ${name}`);
}
console.log(`atompay package: ${passed} of ${Object.keys(checks).length} checks passed`);
