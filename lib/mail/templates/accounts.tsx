import { Link, Text } from "@react-email/components";
import { formatIST } from "@/lib/format";
import { Cta, code, Facts, MailLayout, p, small } from "./layout";
import type {
  AccountExistsData,
  ChangeEmailData,
  EmailChangedData,
  PasswordResetData,
  SignInLinkData,
  VerifyEmailData,
  WelcomeData,
} from "./types";

export function WelcomeMail({ data, appUrl }: { data: WelcomeData; appUrl: string }) {
  return (
    <MailLayout preview={`Your Anwesha ID is ${data.anweshaId}`} title={`Welcome to Anwesha, ${data.name}!`}>
      <Text style={p}>
        Your account is ready. This is your Anwesha ID: show it at the registration desk and quote it when you write to us.
      </Text>
      <Facts rows={[["Anwesha ID", code(data.anweshaId, 18)]]} />
      <Text style={p}>Pick your events and pay online; a receipt comes to this address after each payment.</Text>
      <Cta href={`${appUrl}/`}>Browse events</Cta>
    </MailLayout>
  );
}

export function PasswordResetMail({ data }: { data: PasswordResetData }) {
  return (
    <MailLayout preview="Set a new password for your Anwesha account" title="Set a new password">
      <Text style={p}>Hello {data.name}, someone (we hope you) asked to reset the password of your Anwesha account.</Text>
      <Cta href={data.resetUrl}>Choose a new password</Cta>
      <Text style={small}>
        The link works once, until {formatIST(data.expiresAt)}. Setting a new password signs you out everywhere, including the mobile app.
      </Text>
      <Text style={small}>
        If the button does not work, open this address: <Link href={data.resetUrl}>{data.resetUrl}</Link>
      </Text>
      <Text style={small}>Didn't ask for this? Ignore this mail: your password stays as it is.</Text>
    </MailLayout>
  );
}

/** Sign-up was tried with this address, which already has an account: only its owner hears of it. */
export function AccountExistsMail({ data, appUrl }: { data: AccountExistsData; appUrl: string }) {
  return (
    <MailLayout preview="Your address already has an Anwesha account" title="You already have an account">
      <Text style={p}>
        Hello {data.name}, someone (perhaps you) just tried to create an Anwesha account with this address. It already has one, so nothing
        was created and nothing about your account changed.
      </Text>
      <Cta href={`${appUrl}/sign-in`}>Sign in</Cta>
      <Text style={small}>
        Forgot your password? Ask for a new one at <Link href={`${appUrl}/forgot-password`}>{`${appUrl}/forgot-password`}</Link>.
      </Text>
      <Text style={small}>Didn't try to sign up? Ignore this mail.</Text>
    </MailLayout>
  );
}

/** The link that proves the person holds this address: until it is opened, invitations to the address wait. */
export function VerifyEmailMail({ data }: { data: VerifyEmailData }) {
  return (
    <MailLayout preview="Confirm your email address for Anwesha" title="Confirm your email address">
      <Text style={p}>
        Hello {data.name}, please confirm that this address is yours. You can sign in, register and pay without it; team invitations sent to
        this address are shown to you once it is confirmed.
      </Text>
      <Cta href={data.verifyUrl}>Confirm my address</Cta>
      <Text style={small}>
        If the button does not work, open this address: <Link href={data.verifyUrl}>{data.verifyUrl}</Link>
      </Text>
      <Text style={small}>
        Didn't sign up for Anwesha? Don't open the link: someone else typed your address, and without it their account gets nothing sent to
        you. To take the account over, ask for a new password with this address.
      </Text>
    </MailLayout>
  );
}

export function SignInLinkMail({ data }: { data: SignInLinkData }) {
  return (
    <MailLayout preview="Your link to sign in to Anwesha" title="Sign in to Anwesha">
      <Text style={p}>Hello {data.name}, here is the link you asked for. It signs you in without your password.</Text>
      <Cta href={data.signInUrl}>Sign in</Cta>
      <Text style={small}>The link works once, until {formatIST(data.expiresAt)}.</Text>
      <Text style={small}>
        If the button does not work, open this address: <Link href={data.signInUrl}>{data.signInUrl}</Link>
      </Text>
      <Text style={small}>Didn't ask for this? Ignore this mail: nobody can use the link without your mailbox.</Text>
    </MailLayout>
  );
}

/** To the new address: opening the link is what moves the account to it. */
export function ChangeEmailMail({ data }: { data: ChangeEmailData }) {
  return (
    <MailLayout preview="Confirm your new email address for Anwesha" title="Confirm your new email address">
      <Text style={p}>
        Hello {data.name}, you asked to use this address for your Anwesha account. Your account keeps its old address until you open this
        link.
      </Text>
      <Cta href={data.confirmUrl}>Use this address</Cta>
      <Text style={small}>The link works until {formatIST(data.expiresAt)}.</Text>
      <Text style={small}>
        If the button does not work, open this address: <Link href={data.confirmUrl}>{data.confirmUrl}</Link>
      </Text>
      <Text style={small}>Didn't ask for this? Ignore this mail: nothing changes unless the link is opened.</Text>
    </MailLayout>
  );
}

/** To the old address once the change is done, so a stolen session cannot move an account away in silence. */
export function EmailChangedMail({ data }: { data: EmailChangedData }) {
  return (
    <MailLayout preview="The email address of your Anwesha account was changed" title="Your account's email address was changed">
      <Text style={p}>
        Hello {data.name}, on {formatIST(data.changedAt)} your Anwesha account's email address was changed to {data.newEmail}. Mail about
        your account and receipts now go there, and you sign in with it.
      </Text>
      <Text style={p}>
        Wasn't this you? Your account may be in someone else's hands: set a new password with the new address, or write to the festival's
        help desk and quote your Anwesha ID.
      </Text>
      <Cta href={data.resetUrl}>Set a new password</Cta>
    </MailLayout>
  );
}
