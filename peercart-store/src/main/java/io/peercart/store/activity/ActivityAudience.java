package io.peercart.store.activity;

/**
 * {@code visitors}: distinct visitors of the activity's buyer page; {@code newCustomers}: the
 * activity's buyers whose first order in the shop is one of this activity's.
 */
public record ActivityAudience(long visitors, long newCustomers) {}
