package dev.switchboard.sandbox.twilio;

import java.util.Map;
import java.util.Set;

/** Twilio's error codes the sandbox answers with, their messages and HTTP statuses (reference: §C). */
public final class TwilioErrors {

    /** Codes Twilio reports in a status callback after accepting the message, not in the answer. */
    public static final Set<Integer> ASYNCHRONOUS = Set.of(63003, 63014, 63016, 63018, 63019, 63021, 63024, 63032,
            63049, 63059);

    private record Known(int httpStatus, String message) {
    }

    private static final Map<Integer, Known> KNOWN = Map.ofEntries(
            Map.entry(20001, new Known(400, "Bad request")),
            Map.entry(20003, new Known(401, "Authenticate")),
            Map.entry(20404, new Known(404, "The requested resource was not found")),
            Map.entry(20429, new Known(429, "Too Many Requests")),
            Map.entry(20500, new Known(500, "Internal Server Error")),
            Map.entry(20503, new Known(503, "Service Unavailable")),
            Map.entry(21211, new Known(400, "Invalid 'To' Phone Number")),
            Map.entry(21266, new Known(400, "'To' and 'From' number cannot be the same")),
            Map.entry(21602, new Known(400, "Message body is required.")),
            Map.entry(21603, new Known(400, "A 'From' phone number is required.")),
            Map.entry(21604, new Known(400, "A 'To' phone number is required.")),
            Map.entry(21609, new Known(400, "Invalid StatusCallback")),
            Map.entry(21611, new Known(400, "This 'From' number has exceeded the maximum number of queued messages")),
            Map.entry(21617, new Known(400, "The concatenated message body exceeds the 1600 character limit.")),
            Map.entry(21620, new Known(400, "Invalid media URL(s)")),
            Map.entry(21655, new Known(400, "The ContentSid is Invalid")),
            Map.entry(21656, new Known(400, "The ContentVariables Parameter is invalid")),
            Map.entry(21910, new Known(400, "Invalid 'From' and 'To' pair. 'From' and 'To' should be of the same"
                    + " channel")),
            Map.entry(63003, new Known(400, "Channel could not find To address")),
            Map.entry(63007, new Known(400, "Twilio could not find a Channel with the specified From address")),
            Map.entry(63014, new Known(400, "The message could not be delivered because the recipient has blocked"
                    + " the business")),
            Map.entry(63016, new Known(400, "Failed to send freeform message because you are outside the allowed"
                    + " window. If you are using WhatsApp, please use a Message Template.")),
            Map.entry(63018, new Known(400, "Rate limit exceeded for Channel")),
            Map.entry(63019, new Known(400, "Media failed to download")),
            Map.entry(63021, new Known(400, "Channel invalid content error")),
            Map.entry(63024, new Known(400, "Invalid message recipient")),
            Map.entry(63032, new Known(400, "User's number is part of an experiment")),
            Map.entry(63038, new Known(429, "Account exceeded the daily messages limit")),
            Map.entry(63049, new Known(400, "Meta chose not to deliver this WhatsApp marketing message")),
            Map.entry(63059, new Known(400, "The sender's phone number was migrated to a different WhatsApp Business"
                    + " Account")));

    private TwilioErrors() {
    }

    public static TwilioError of(int code) {
        Known known = KNOWN.get(code);
        return known == null ? new TwilioError(400, code, "Error " + code + " (injected by the sandbox)")
                : new TwilioError(known.httpStatus(), code, known.message());
    }

    public static TwilioError of(int code, String message) {
        return new TwilioError(of(code).httpStatus(), code, message);
    }
}
