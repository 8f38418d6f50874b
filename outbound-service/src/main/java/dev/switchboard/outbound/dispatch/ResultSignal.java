package dev.switchboard.outbound.dispatch;

import org.springframework.stereotype.Component;

import dev.switchboard.kit.loop.WakeUp;

/**
 * Tells the result relay that a dispatcher of this replica committed a result, so that it publishes at once instead
 * of at its next poll (which stays, for results other replicas leave behind). Raise it after the commit: the relay's
 * next look must see the row.
 */
@Component
public class ResultSignal extends WakeUp {
}
