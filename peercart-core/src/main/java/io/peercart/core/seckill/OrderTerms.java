package io.peercart.core.seckill;

import io.peercart.core.Item;
import java.time.Instant;

/** What an accepted seckill order costs and until when it holds its units unpaid. */
public record OrderTerms(Item item, int quantity, long unitPriceFen, long amountFen, Instant payDeadline) {}
