package dev.switchboard.sandbox.media;

import dev.switchboard.sandbox.Answer;

/** The answer to a download: the file to stream, or a refusal as the provider answers it. */
public sealed interface Download {

    record Granted(MediaFile file) implements Download {
    }

    record Refused(Answer answer) implements Download {
    }
}
