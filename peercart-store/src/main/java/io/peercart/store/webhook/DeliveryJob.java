package io.peercart.store.webhook;

import io.peercart.store.outbox.OutboxEvent;

/** A delivery claimed by this node: what to send where, until its lease ends. */
public record DeliveryJob(String deliveryId, Webhook endpoint, OutboxEvent event, int failures) {}
