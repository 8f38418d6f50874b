package dev.switchboard.sandbox.graph;

import java.util.Map;
import java.util.Set;

/**
 * The Graph API errors the sandbox answers with: those its validation finds, and those a fault asks for by code,
 * with the titles, details and HTTP statuses of Meta's error-code table (reference: meta-cloud-api.md, §5).
 */
public final class GraphErrors {

    private static final String OAUTH = "OAuthException";

    /** Codes Meta reports in a {@code failed} status webhook after accepting the send, not in the answer. */
    public static final Set<Integer> ASYNCHRONOUS = Set.of(131026, 131047, 131049, 131050, 131053, 130472);

    private record Known(int httpStatus, String title, String details) {
    }

    private static final Map<Integer, Known> KNOWN = Map.ofEntries(
            Map.entry(1, new Known(400, "An unknown error occurred", "Invalid request or possible server error.")),
            Map.entry(2, new Known(503, "Service temporarily unavailable",
                    "An unexpected error occurred. Please retry your request")),
            Map.entry(4, new Known(400, "Application request limit reached",
                    "The app has reached its API call rate limit.")),
            Map.entry(10, new Known(403, "Application does not have permission for this action",
                    "Permission is either not granted or has been removed.")),
            Map.entry(100, new Known(400, "Invalid parameter", "Invalid parameter")),
            Map.entry(200, new Known(403, "Permissions error", "Permission is either not granted or has been removed.")),
            Map.entry(368, new Known(403, "Temporarily blocked for policies violations",
                    "The WhatsApp Business Account associated with the app has been restricted or disabled for"
                            + " violating a platform policy.")),
            Map.entry(80007, new Known(400, "Rate limit issues",
                    "The WhatsApp Business Account has reached its rate limit.")),
            Map.entry(130429, new Known(400, "Rate limit hit", "Message failed to send because there were too many"
                    + " messages sent from this phone number in a short period of time")),
            Map.entry(130472, new Known(400, "User's number is part of an experiment",
                    "Failed to send message because this user's phone number is part of an experiment")),
            Map.entry(131000, new Known(500, "Something went wrong",
                    "Message failed to send due to an unknown error.")),
            Map.entry(131008, new Known(400, "Required parameter is missing", "A required parameter is missing.")),
            Map.entry(131009, new Known(400, "Parameter value is not valid",
                    "One or more parameter values are invalid.")),
            Map.entry(131016, new Known(500, "Service unavailable", "A service is temporarily unavailable.")),
            Map.entry(131021, new Known(400, "Recipient cannot be sender",
                    "Sender and recipient phone number is the same.")),
            Map.entry(131026, new Known(400, "Message undeliverable", "Unable to deliver message. Reasons can include:"
                    + " the recipient phone number is not a WhatsApp phone number; the recipient has not accepted our"
                    + " new Terms of Service and Privacy Policy; the recipient is using an old WhatsApp version.")),
            Map.entry(131031, new Known(403, "Account has been locked",
                    "The WhatsApp Business Account associated with the app has been restricted or disabled for"
                            + " violating a platform policy.")),
            Map.entry(131042, new Known(400, "Business eligibility payment issue",
                    "There was an error related to your payment method.")),
            Map.entry(131047, new Known(400, "Re-engagement message", "Message failed to send because more than 24"
                    + " hours have passed since the customer last replied to this number.")),
            Map.entry(131048, new Known(400, "Spam rate limit hit", "Message failed to send because there are"
                    + " restrictions on how many messages can be sent from this phone number.")),
            Map.entry(131049, new Known(400, "This message was not delivered to maintain healthy ecosystem engagement.",
                    "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.")),
            Map.entry(131050, new Known(400, "Unable to deliver the message. This recipient has chosen to stop"
                    + " receiving marketing messages on WhatsApp from your business.",
                    "The recipient has stopped marketing messages from your business.")),
            Map.entry(131051, new Known(400, "Unsupported message type", "Message type is not currently supported.")),
            Map.entry(131053, new Known(400, "Media upload error", "Unable to upload the media used in the message.")),
            Map.entry(131056, new Known(400, "(Business Account, Consumer Account) pair rate limit hit",
                    "Message failed to send because there were too many messages sent from this phone number to the"
                            + " same phone number in a short period of time.")),
            Map.entry(131057, new Known(500, "Account in maintenance mode",
                    "Business Account is in maintenance mode. This could be due to a throughput upgrade.")),
            Map.entry(132000, new Known(400, "Number of parameters does not match the expected number of params",
                    "The number of variable parameter values does not match the number defined in the template.")),
            Map.entry(132001, new Known(404, "Template name does not exist in the translation",
                    "The template does not exist in the specified language or has not been approved.")),
            Map.entry(132015, new Known(400, "Template is Paused", "The template has been paused due to low quality.")),
            Map.entry(132016, new Known(400, "Template is Disabled",
                    "The template has been paused too many times due to low quality and is now permanently disabled.")),
            Map.entry(133004, new Known(503, "Server temporarily unavailable", "Server is temporarily unavailable.")),
            // Meta's error codes table: "Two step verification PIN Mismatch".
            Map.entry(133005, new Known(400, "Two step verification PIN Mismatch",
                    "Verify that the two-step verification PIN included in the request is correct.")),
            Map.entry(133010, new Known(400, "Account not registered",
                    "The phone number is not registered on the WhatsApp Business Platform.")));

    private GraphErrors() {
    }

    /** The error for a code, with Meta's title and HTTP status (400 and a generic title for a code not listed). */
    public static GraphError of(int code) {
        if (code == 190) {
            return invalidToken();
        }
        Known known = KNOWN.get(code);
        String title = known == null ? "Error " + code : known.title();
        String details = known == null ? "Error " + code + " (injected by the sandbox)" : known.details();
        Boolean isTransient = code == 2 || code == 133004 || code == 131016 ? Boolean.TRUE : null;
        return new GraphError(known == null ? 400 : known.httpStatus(), code, OAUTH, "(#" + code + ") " + title,
                details, null, isTransient);
    }

    /** 401, code 190: no or another bearer token than the channel's. */
    public static GraphError invalidToken() {
        return new GraphError(401, 190, OAUTH, "Invalid OAuth access token - Cannot parse access token", null, 463,
                null);
    }

    /** The phone_number_id of the path is not one the token may use. */
    public static GraphError unknownObject(String id) {
        return unknownObject(id, "post");
    }

    /**
     * An object (phone number, media id) that does not exist, has expired or is not the token's, for a request
     * of this method ({@code get}, {@code post}, {@code delete}): 400, code 100, subcode 33.
     */
    public static GraphError unknownObject(String id, String method) {
        return new GraphError(400, 100, "GraphMethodException", "Unsupported " + method + " request. Object with ID '"
                + id
                + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
                + " Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                null, 33, null);
    }

    /** A required top-level parameter is missing: {@code (#100) The parameter to is required.} */
    public static GraphError missingParameter(String name) {
        return new GraphError(400, 100, OAUTH, "(#100) The parameter " + name + " is required.",
                "The parameter " + name + " is required.", null, null);
    }

    /** A general invalid parameter (type, length, JSON). */
    public static GraphError invalidParameter(String details) {
        return new GraphError(400, 100, OAUTH, "(#100) " + details, details, null, null);
    }

    /** A field inside the message object is missing. */
    public static GraphError required(String path) {
        return of(131008).withDetails("Parameter " + path + " is required.");
    }

    /** A field has a value the API does not accept. */
    public static GraphError invalid(String details) {
        return of(131009).withDetails(details);
    }

    /** Longer than allowed: {@code (#100) Param text['body'] must be at most 4096 characters long.} */
    public static GraphError tooLong(String path, int max) {
        return invalidParameter("Param " + path + " must be at most " + max + " characters long.");
    }
}
