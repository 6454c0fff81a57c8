/** No placement of that name (built in or stored); the tools answer NOT_FOUND, HTTP 404. */
export class UnknownPlacementError extends Error {
  constructor(readonly placement: string) {
    super(`placement ${JSON.stringify(placement)} does not exist`);
    this.name = 'UnknownPlacementError';
  }
}

/** A request the placement's strategy cannot serve (e.g. product without productId); the tools answer BAD_INPUT naming the field. */
export class PlacementInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'PlacementInputError';
  }
}
