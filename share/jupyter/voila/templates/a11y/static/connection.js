/* AI Act Leerkit: tell the learner when the page has lost its kernel.

   A Voila page only works while its kernel lives: every widget, every stored answer goes
   through it. When the kernel is restarted (it crashed or was killed: the new kernel knows
   none of the page's widgets) or its websocket stays closed (the kernel was shut down or
   culled, the server stopped), this shows the message of the template's
   <template id="aiact-connection-lost"> (in the page's language) in the alert region
   #aiact-connection with a reload button, moves focus to that button and makes the widgets
   inert, so no answer is given to a page that can no longer save it.

   Voila 0.5 does not expose its kernel connection to the page, so this watches the kernel's
   websockets themselves: it wraps window.WebSocket before Voila's bundle (loaded at the end of
   the body) creates them. It reads only the headers of iopub messages, in both the JSON and
   the v1 binary websocket protocol: a "status" with execution_state "restarting",
   "autorestarting" or "dead" (jupyter_server sends these when the kernel process died), or a
   "shutdown_reply" (the kernel was shut down, e.g. through the kernels API; jupyter_server
   keeps the websocket open then). A closed websocket that is not open again within
   RECONNECT_GRACE_MS (JupyterLab's own reconnection, e.g. after a short network loss) counts
   as lost too. Nothing happens while the page itself is being left or reloaded. */
(function () {
  "use strict";
  var NativeWebSocket = window.WebSocket;
  if (!NativeWebSocket) {
    return;
  }
  var KERNEL_CHANNELS = /\/api\/kernels\/[^/?#]+\/channels/;
  var DEAD_STATES = { restarting: true, autorestarting: true, dead: true };
  var RECONNECT_GRACE_MS = 8000;
  var leaving = false;
  var lost = false;
  var graceTimer = null;
  var decoder = typeof TextDecoder === "function" ? new TextDecoder("utf-8") : null;

  function markLeaving() {
    leaving = true;
  }
  window.addEventListener("beforeunload", markLeaving);
  window.addEventListener("pagehide", markLeaving);
  window.addEventListener("pageshow", function () {
    leaving = false; // back from the browser's page cache
  });

  function showLost() {
    if (lost || leaving) {
      return;
    }
    lost = true;
    if (graceTimer !== null) {
      clearTimeout(graceTimer);
      graceTimer = null;
    }
    var region = document.getElementById("aiact-connection");
    var template = document.getElementById("aiact-connection-lost");
    if (!region || !template) {
      return;
    }
    var content = template.content.cloneNode(true);
    if (!document.querySelector(".aiact-ws-save")) {
      // not the workshop join page: leave out the sentence about rejoining a session
      var workshop = content.querySelector(".aiact-connection-workshop");
      if (workshop) {
        workshop.parentNode.removeChild(workshop);
      }
    }
    region.appendChild(content);
    region.classList.add("aiact-connection-shown");
    document.body.classList.add("aiact-kernel-lost");
    var widgets = document.querySelectorAll("#rendered_cells .jupyter-widgets");
    for (var i = 0; i < widgets.length; i++) {
      widgets[i].setAttribute("inert", "");
    }
    var main = document.getElementById("rendered_cells");
    if (main) {
      // the text stays readable: with no control left in it, the page itself takes keyboard
      // focus, so it can still be scrolled with the keyboard
      main.setAttribute("tabindex", "0");
    }
    var button = region.querySelector("button");
    if (button) {
      button.addEventListener("click", function () {
        window.location.reload();
      });
      button.focus();
    }
  }

  // Whether an iopub message says the kernel is gone; getContent() parses its content.
  function kernelGone(msgType, getContent) {
    if (msgType === "shutdown_reply") {
      return true;
    }
    if (msgType !== "status") {
      return false;
    }
    var content = getContent();
    return !!(content && DEAD_STATES[content.execution_state]);
  }

  // v1.kernel.websocket.jupyter.org: a count n, n offsets (8 bytes each, little-endian), then
  // channel, header, parent header, metadata, content, buffers at those offsets.
  function binaryKernelGone(buffer) {
    if (!decoder || buffer.byteLength < 16) {
      return false;
    }
    var view = new DataView(buffer);
    var n = view.getUint32(0, true);
    if (n < 6 || 8 * (n + 1) > buffer.byteLength) {
      return false;
    }
    var offsets = [];
    for (var i = 0; i < n; i++) {
      offsets.push(view.getUint32(8 * (i + 1), true));
    }
    function part(k) {
      var start = offsets[k];
      var end = offsets[k + 1];
      if (!(start <= end && end <= buffer.byteLength)) {
        throw new Error("bad offsets");
      }
      return decoder.decode(new Uint8Array(buffer, start, end - start));
    }
    if (part(0) !== "iopub") {
      return false;
    }
    return kernelGone(JSON.parse(part(1)).msg_type, function () {
      return JSON.parse(part(4));
    });
  }

  function onMessage(event) {
    var gone = false;
    try {
      if (typeof event.data === "string") {
        var msg = JSON.parse(event.data);
        gone =
          msg.channel === "iopub" &&
          !!msg.header &&
          kernelGone(msg.header.msg_type, function () {
            return msg.content;
          });
      } else if (event.data instanceof ArrayBuffer) {
        gone = binaryKernelGone(event.data);
      }
    } catch (e) {
      return; // not a message this script understands: leave it to Voila
    }
    if (gone) {
      showLost();
    }
  }

  function watch(ws) {
    ws.addEventListener("message", onMessage);
    ws.addEventListener("open", function () {
      if (graceTimer !== null) {
        clearTimeout(graceTimer);
        graceTimer = null;
      }
    });
    ws.addEventListener("close", function () {
      if (lost || leaving || graceTimer !== null) {
        return;
      }
      graceTimer = setTimeout(function () {
        graceTimer = null;
        showLost();
      }, RECONNECT_GRACE_MS);
    });
  }

  class KitWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      if (protocols === undefined) {
        super(url);
      } else {
        super(url, protocols);
      }
      if (KERNEL_CHANNELS.test(String(url))) {
        watch(this);
      }
    }
  }
  window.WebSocket = KitWebSocket;
})();
