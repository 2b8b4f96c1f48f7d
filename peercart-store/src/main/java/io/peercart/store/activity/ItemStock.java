package io.peercart.store.activity;

import io.peercart.core.stock.Stock;

/** The stock buckets of one sku of an activity, as committed. */
public record ItemStock(String sku, Stock stock) {}
