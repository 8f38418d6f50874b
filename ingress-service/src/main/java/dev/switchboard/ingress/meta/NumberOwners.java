package dev.switchboard.ingress.meta;

import java.util.Optional;
import java.util.Set;

/**
 * Which other Meta channel a phone_number_id belongs to, as seen from the channel whose webhook URL was called. One
 * Meta app's webhook URL carries the changes of every number subscribed to that app, so a change for another
 * channel's number is that channel's when its app secret is the one that signed the body.
 */
@FunctionalInterface
public interface NumberOwners {

    /** No other channel owns any number: changes outside the URL's channel are refused. */
    NumberOwners NONE = phoneNumberId -> Optional.empty();

    /** The channel, other than the URL's, that has this phone_number_id, if any. */
    Optional<Owner> ownerOf(String phoneNumberId);

    /**
     * @param businessNumberIds  the owner's phone_number_ids
     * @param sameAppSecret      the owner's app secret is the one that verified the webhook: only then does the
     *                           signature prove that the change came from the owner's Meta app, and it is routed
     */
    record Owner(String channelId, Set<String> businessNumberIds, boolean sameAppSecret) {

        public Owner {
            businessNumberIds = Set.copyOf(businessNumberIds);
        }
    }
}
