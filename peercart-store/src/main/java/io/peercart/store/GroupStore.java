package io.peercart.store;

import io.peercart.store.engine.Page;

import io.peercart.core.group.Group;
import io.peercart.core.group.GroupStatus;
import io.peercart.store.draw.PublishedDraw;
import io.peercart.store.group.GroupFigures;
import io.peercart.store.tuan.Settlement;
import java.util.List;
import java.util.Optional;

/** The group family's state: groupOn groups, luckyDrawGroup draws, tuan progress and settlement. */
public interface GroupStore {
    Optional<Group> group(String shopId, String groupId);

    /** An activity's groups by id; {@code withSeat}: only those with a seat left. */
    Page<Group> groups(String shopId, String activityId, GroupStatus status, boolean withSeat, String cursor, int limit);

    /** luckyDrawGroup draws as published: commitment, and once drawn the seed, entries and winners. */
    List<PublishedDraw> draws(String shopId, String activityId);

    /** Groups of an activity by status ({@code forming}, {@code open}, ...) and {@code successRate} of the finished ones. */
    GroupFigures groupFigures(String shopId, String activityId);

    /** tuan: distinct buyers with paid, unrefunded orders. */
    int tuanBuyers(String shopId, String activityId);

    /** tuan: the settlement, pending or done (buyers, tier, cashback orders and total). */
    Optional<Settlement> settlement(String shopId, String activityId);
}
