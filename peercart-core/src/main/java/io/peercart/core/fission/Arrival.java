package io.peercart.core.fission;

import java.time.Instant;

/**
 * An action attributed to a share link: an order, a help or a coupon claim ({@code kind}) made by
 * {@code buyerId} through {@code shareId}. {@code newCustomer}: the buyer was a new customer then.
 */
public record Arrival(String shareId, String buyerId, String kind, boolean newCustomer, Instant at) {}
