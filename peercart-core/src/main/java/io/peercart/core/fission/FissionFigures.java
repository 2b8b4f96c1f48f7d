package io.peercart.core.fission;

import java.util.List;
import java.util.SortedMap;

/**
 * What the share links of one activity did (docs/fission.md).
 *
 * @param nodes                every buyer in the tree with who brought them and their depth (0: came on their own)
 * @param depthHistogram       depth → buyers at that depth
 * @param participants         distinct buyers in the tree (sharers and buyers who came through a link)
 * @param convertedInvitations distinct (sharer, buyer) pairs where the buyer acted through the sharer's link
 * @param kFactor              convertedInvitations / participants (0 with no participants)
 * @param conversions          actions (orders, helps, claims) made through someone else's link
 * @param newCustomers         distinct buyers who acted through someone else's link as new customers
 */
public record FissionFigures(List<Node> nodes, SortedMap<Integer, Integer> depthHistogram, int shares, int participants,
                             int convertedInvitations, double kFactor, int conversions, int convertedBuyers, int newCustomers,
                             int maxDepth, List<TopSharer> topSharers) {

    /** A buyer in the tree: {@code invitedBy} null for a root; {@code invited}: buyers they brought. */
    public record Node(String buyerId, String invitedBy, String viaShareId, int depth, int invited) {}

    /** A sharer ranked by the distinct buyers who acted through their link. */
    public record TopSharer(String buyerId, String shareId, int convertedBuyers, int conversions) {}
}
