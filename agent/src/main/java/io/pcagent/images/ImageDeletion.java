package io.pcagent.images;

/** What came of asking to delete an image over the API. */
public sealed interface ImageDeletion {
  /** Removed by the runner. */
  record Deleted() implements ImageDeletion {}

  /** There was no such image. */
  record NotFound() implements ImageDeletion {}

  /** The runner could not remove it. */
  record Failed(String detail) implements ImageDeletion {}

  /** It is being imported: not deleted. */
  record Conflict(String detail) implements ImageDeletion {}

  /** Asked for; the runner has not done it within the wait (it may not be running). */
  record Requested() implements ImageDeletion {}
}
