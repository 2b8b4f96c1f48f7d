package io.peercart.store.fcode;

/**
 * A batch of F codes with where its codes are now: the console's per-batch used/unused table
 * ({@code GET /v1/activities/{id}/codes/batches}).
 */
public record BatchFigures(CodeBatch batch, long unused, long locked, long used) {}
