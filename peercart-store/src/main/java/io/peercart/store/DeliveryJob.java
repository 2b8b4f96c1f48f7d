package io.peercart.store;

/** A delivery claimed by this node: what to send where, until its lease ends. */
public record DeliveryJob(String deliveryId, Webhook endpoint, OutboxEvent event, int failures) {}
