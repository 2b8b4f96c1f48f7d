package io.peercart.store.draw;

import java.time.Instant;
import java.util.List;

/**
 * A luckyDrawGroup draw as published: the commitment from the start; the seed, the entries and the
 * winners (order ids) only once drawn, so that anyone can recompute the result.
 *
 * @param groupId  the group drawn at its success; null for the activity's draw at its end
 * @param drawnAt  null while pending; then {@code seed}, {@code entries} and {@code winners} are null too
 */
public record PublishedDraw(String groupId, String commitment, Instant drawnAt, String seed, List<String> entries, List<String> winners) {
    public boolean drawn() { return drawnAt != null; }
}
