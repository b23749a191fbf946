/** A WebSocket stand-in for jsdom: tests open, feed and close connections by hand. */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  onclose: ((closed: CloseEvent) => void) | null = null;
  closed = false;

  constructor(public url: string) {
    FakeWebSocket.instances.push(this);
  }

  open() {
    this.onopen?.();
  }

  receive(data: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(data) }));
  }

  drop(code = 1006) {
    this.onclose?.(new CloseEvent("close", { code }));
  }

  close() {
    this.closed = true;
  }
}
