package dev.switchboard.reminder.timing;

/**
 * What a timer decides for the current window when it fires: the reminder's outcome and the close's outcome, each
 * null when it is not (yet) their time. A timer that fires early (a newer message moved the window) decides nothing.
 */
public record Decision(Reminder reminder, Close close) {

    public static final Decision NOTHING = new Decision(null, null);

    public boolean isNothing() {
        return reminder == null && close == null;
    }

    public boolean sendsReminder() {
        return reminder == Reminder.SENT;
    }

    public boolean announcesClose() {
        return close == Close.ANNOUNCED;
    }

    /** The reminder's outcome; all but SENT are reasons it was not sent. Stored by name. */
    public enum Reminder {
        SENT,
        /** The channel has reminders off (or is not configured). */
        CHANNEL_OFF,
        /** The customer's ticket is closed, or no ticket was ever opened for the conversation. */
        TICKET_NOT_OPEN,
        OPTED_OUT,
        /** The window had already closed when the timer could run: a reminder would only expire. */
        TOO_LATE
    }

    /** The close's outcome. Stored by name. */
    public enum Close {
        /** WINDOW_CLOSED published (late, once, if the service was down when it was due). */
        ANNOUNCED,
        /** Closed longer ago than the late-close horizon (e.g. a rebuilt database replaying history): not announced. */
        NOT_ANNOUNCED
    }
}
