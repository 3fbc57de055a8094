// glassnet studio: the page. It draws what the Python engine sends and sends back
// what the user does; it computes no number of its own (colours only).
// mountStudio(root, transport, options): transport.call(method, params) -> Promise.

const ORANGE = [245, 147, 34], BLUE = [8, 119, 189], WHITE = [232, 234, 235];
const DATASETS = [["moons", "moons"], ["circles", "circles"], ["blobs", "blobs"],
  ["spirals", "spirals"], ["xor_quadrants", "XOR quadrants"], ["and", "AND gate"],
  ["or", "OR gate"], ["xor", "XOR gate"], ["nand", "NAND gate"], ["csv", "my CSV file"]];
const FEATURES = [["x1", "x₁"], ["x2", "x₂"], ["x1^2", "x₁²"], ["x2^2", "x₂²"],
  ["x1x2", "x₁x₂"], ["sin_x1", "sin x₁"], ["sin_x2", "sin x₂"]];
const ACTIVATIONS = ["tanh", "relu", "sigmoid", "linear", "leaky_relu", "elu"];
const LOSSES = [["binary_crossentropy", "binary cross-entropy"],
  ["mean_squared_error", "mean squared error"], ["half_squared_error", "½ squared error"]];
const OPTIMIZERS = [["sgd", "SGD"], ["momentum", "SGD + momentum 0.9"], ["adam", "Adam"],
  ["rmsprop", "RMSprop"], ["adagrad", "Adagrad"]];

export function socketTransport(url) {
  let socket, next = 1;
  const waiting = new Map();
  let ready;
  function open() {
    socket = new WebSocket(url);
    ready = new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error("cannot reach the studio server"));
    });
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      const done = waiting.get(message.id);
      if (done) { waiting.delete(message.id); done(message.result); }
    };
    socket.onclose = () => {
      for (const done of waiting.values())
        done({ error: "The connection to the studio server was closed; restart " +
                      "'glassnet studio' and reload the page." });
      waiting.clear();
    };
  }
  open();
  return {
    async call(method, params) {
      try { await ready; } catch (error) {
        return { error: "Cannot reach the studio server: is 'glassnet studio' running?" };
      }
      if (socket.readyState !== WebSocket.OPEN)
        return { error: "The connection to the studio server is closed; reload the page." };
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params: params || {} }));
      });
    },
  };
}

export function widgetTransport(model) {
  let next = 1;
  const waiting = new Map();
  model.on("msg:custom", (message) => {
    const done = waiting.get(message.id);
    if (done) { waiting.delete(message.id); done(message.result); }
  });
  return {
    call(method, params) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        model.send({ id, method, params: params || {} });
      });
    },
  };
}

const options = (pairs, selected) => pairs.map(([value, label]) =>
  `<option value="${value}"${value === selected ? " selected" : ""}>${label}</option>`).join("");

const TEMPLATE = `
<div class="gs">
  <header class="gs-bar">
    <h1>glassnet studio</h1>
    <div class="gs-buttons">
      <button data-testid="reset" title="new weights, epoch 0">⟲ Reset</button>
      <button data-testid="play" class="gs-primary">▶ Play</button>
      <button data-testid="pause">❚❚ Pause</button>
      <button data-testid="step" title="train one batch">Step</button>
    </div>
    <div class="gs-counter">Epoch <b data-testid="epoch">0</b></div>
    <div class="gs-counter">Step <b data-testid="step-count">0</b></div>
    <label>Learning rate <input data-testid="learning-rate" name="learning_rate" size="6"></label>
    <label>Optimizer <select data-testid="optimizer" name="optimizer">${options(OPTIMIZERS)}</select></label>
    <label>Loss <select data-testid="loss" name="loss">${options(LOSSES)}</select></label>
    <label>Batch <input data-testid="batch-size" name="batch_size" size="4"></label>
    <label>L1 <input data-testid="l1" name="l1" size="4"></label>
    <label>L2 <input data-testid="l2" name="l2" size="4"></label>
  </header>
  <div data-testid="message" class="gs-message" role="alert" hidden></div>
  <main class="gs-main">
    <section class="gs-data">
      <h2>Data</h2>
      <label>Data set <select data-testid="dataset" name="dataset">${options(DATASETS)}</select></label>
      <label>Points <input data-testid="points" name="points" size="5"></label>
      <label>Noise <input data-testid="noise" name="noise" size="5"></label>
      <label>Test share <input data-testid="test-split" name="test_split" size="5"></label>
      <label>Seed <input data-testid="seed" name="seed" size="5"></label>
      <label class="gs-file">Upload CSV <input type="file" data-testid="csv" accept=".csv,text/csv"></label>
      <label class="gs-file">Open model <input type="file" data-testid="open-model" accept=".glassnet"></label>
      <h2>Inputs</h2>
      <div class="gs-features">${FEATURES.map(([v, l]) =>
        `<label><input type="checkbox" data-testid="feature-${v}" value="${v}"> ${l}</label>`).join("")}</div>
    </section>
    <section class="gs-network">
      <h2>Network
        <button data-testid="add-layer" title="add a hidden layer">+ layer</button>
        <button data-testid="remove-layer" title="remove the last hidden layer">− layer</button></h2>
      <div class="gs-layer-controls"></div>
      <div class="gs-net"><svg class="gs-wires"></svg><div class="gs-nodes"></div></div>
      <div class="gs-selected" data-testid="selected">Click a weight (a line) or a neuron (a square) to see and edit its value.</div>
    </section>
    <section class="gs-output">
      <h2>Output</h2>
      <canvas data-testid="boundary" width="320" height="320"></canvas>
      <div class="gs-losses">Train loss <b data-testid="train-loss">–</b>
        Test loss <b data-testid="test-loss">–</b></div>
      <svg class="gs-curve" data-testid="loss-curve" viewBox="0 0 320 110" preserveAspectRatio="none"></svg>
      <div class="gs-exports">Keep:
        <button data-testid="export-model">model (.glassnet)</button>
        <button data-testid="export-markdown">step (.md)</button>
        <button data-testid="export-latex">step (.tex)</button>
        <button data-testid="export-png">loss (.png)</button></div>
    </section>
  </main>
  <section class="gs-explain" data-testid="explain">
    <h2>The maths <span class="gs-hint">pause, then click a neuron or a weight</span></h2>
    <label>For <select data-testid="explain-example"><option value="batch">the whole next batch</option></select></label>
    <div class="gs-explain-body"></div>
  </section>
</div>`;

function colour(byte) {
  const v = byte / 255 * 2 - 1, t = Math.min(1, Math.abs(v)), c = v < 0 ? ORANGE : BLUE;
  return WHITE.map((w, k) => Math.round(w + (c[k] - w) * t));
}
const PALETTE = Array.from({ length: 256 }, (_, byte) => colour(byte)); // byte -> [r, g, b]

function decode(b64) {
  const text = atob(b64), out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const lattices = {}; // one off-screen n x n canvas per lattice size, reused

function paint(canvas, bytes, n) {
  const small = lattices[n] || (lattices[n] = document.createElement("canvas"));
  small.width = small.height = n;
  const image = small.getContext("2d").createImageData(n, n);
  const data = image.data;
  for (let i = 0; i < n * n; i++) {
    const rgb = PALETTE[bytes[i]];
    data[4 * i] = rgb[0]; data[4 * i + 1] = rgb[1]; data[4 * i + 2] = rgb[2]; data[4 * i + 3] = 255;
  }
  small.getContext("2d").putImageData(image, 0, 0);
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
}

function tex(element, latex, display) {
  if (window.katex) {
    try { window.katex.render(latex, element, { throwOnError: false, displayMode: !!display }); return; }
    catch (error) { /* fall through to the source text */ }
  }
  element.textContent = latex;
}

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

export function mountStudio(root, transport, opts = {}) {
  root.innerHTML = TEMPLATE;
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const q = (selector) => root.querySelector(selector);
  let frame = null, playing = false, busy = Promise.resolve(), selection = null;
  let layers = [];

  function message(text) {
    const box = $("message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  async function call(method, params) {
    const result = await transport.call(method, params);
    if (result && result.error) { message(result.error); return null; }
    message("");
    return result;
  }

  // serialise requests: one at a time, in order
  function request(method, params) {
    const run = busy.then(() => call(method, params));
    busy = run.catch(() => null);
    return run;
  }

  // --- configuration ----------------------------------------------------------
  function readConfig() {
    const config = {};
    root.querySelectorAll("[name]").forEach((el) => { config[el.name] = el.value; });
    config.features = [...root.querySelectorAll(".gs-features input:checked")].map((el) => el.value);
    config.layers = layers.map((l) => [l[0], l[1]]);
    return config;
  }

  function showConfig(config) {
    root.querySelectorAll("[name]").forEach((el) => {
      if (document.activeElement !== el || el.tagName === "SELECT") el.value = config[el.name];
    });
    root.querySelectorAll(".gs-features input").forEach((el) => {
      el.checked = config.features.includes(el.value);
    });
    layers = config.layers.map((l) => [l[0], l[1]]);
    const box = q(".gs-layer-controls");
    box.innerHTML = layers.map(([units, act], i) => `
      <div class="gs-layer" data-layer="${i}">
        <span>layer ${i + 1}</span>
        <button data-testid="units-minus-${i + 1}" data-units="-1">−</button>
        <b data-testid="units-${i + 1}">${units}</b>
        <button data-testid="units-plus-${i + 1}" data-units="1">+</button>
        <select data-testid="activation-${i + 1}">${options(ACTIVATIONS.map((a) => [a, a]), act)}</select>
      </div>`).join("");
    box.querySelectorAll("[data-units]").forEach((button) => button.addEventListener("click", () => {
      const i = +button.closest(".gs-layer").dataset.layer;
      layers[i][0] = layers[i][0] + (+button.dataset.units);
      configure();
    }));
    box.querySelectorAll("select").forEach((select) => select.addEventListener("change", () => {
      layers[+select.closest(".gs-layer").dataset.layer][1] = select.value;
      configure();
    }));
    if (opts.useUrl && frame) {
      const url = "?" + new URLSearchParams(frame.query).toString();
      if (url !== location.search) history.replaceState(null, "", url);
    }
  }

  async function configure(extra) {
    pause();
    const result = await request("configure", { config: { ...readConfig(), ...(extra || {}) } });
    if (result) show(result);
    else if (frame) showConfig(frame.config); // the bad value stays in the message only
  }

  // --- drawing ------------------------------------------------------------------
  function show(f) {
    const first = !frame || JSON.stringify(frame.sizes) !== JSON.stringify(f.sizes) ||
      JSON.stringify(frame.features) !== JSON.stringify(f.features);
    const changed = !frame || JSON.stringify(frame.config) !== JSON.stringify(f.config);
    if (!f.points) f.points = frame.points; // training frames leave the points out
    frame = f;
    $("epoch").textContent = f.epoch;
    $("step-count").textContent = f.step;
    $("train-loss").textContent = f.train_loss === null ? "not finite" : f.train_loss.toPrecision(4);
    $("test-loss").textContent = f.test_loss === null ? "not finite" : f.test_loss.toPrecision(4);
    if (changed) showConfig(f.config);
    drawNetwork(first);
    drawBoundary();
    drawCurve();
    showSelection();
    const select = $("explain-example");
    const m = f.next_batch.rows.length;
    if (select.options.length !== m + 1) {
      select.innerHTML = `<option value="batch">the whole next batch (${m} examples)</option>` +
        f.next_batch.rows.map((r, i) => `<option value="${i + 1}">example ${i + 1} of the batch</option>`).join("");
    }
    if (f.diverged) { pause(); message("The loss is no longer finite: lower the learning rate, then Reset."); }
  }

  function nodeBox(l, j) {
    const sizes = frame.sizes, width = q(".gs-net").clientWidth || 460;
    const col = (width - 60) / Math.max(1, sizes.length - 1);
    return { x: 10 + l * col, y: 8 + j * 46, size: 38 };
  }

  function drawNetwork(rebuild) {
    const sizes = frame.sizes, nodes = q(".gs-nodes"), wires = q(".gs-wires");
    const height = 16 + Math.max(...sizes) * 46;
    q(".gs-net").style.height = height + "px";
    if (rebuild || nodes.children.length !== sizes.reduce((a, b) => a + b, 0)) {
      let html = "";
      sizes.forEach((n, l) => {
        for (let j = 0; j < n; j++) {
          const b = nodeBox(l, j), label = l === 0 ? FEATURES.find((f) => f[0] === frame.features[j])[1] : "";
          html += `<div class="gs-node${l === 0 ? " gs-input" : ""}" data-testid="neuron-${l}-${j + 1}"
            data-layer="${l}" data-unit="${j + 1}" style="left:${b.x}px;top:${b.y}px">
            <canvas width="38" height="38"></canvas><span>${label}</span></div>`;
        }
      });
      nodes.innerHTML = html;
      nodes.querySelectorAll(".gs-node").forEach((el) => el.addEventListener("click", () =>
        select({ kind: "neuron", layer: +el.dataset.layer, unit: +el.dataset.unit, source: 0 })));
      let lines = "";
      for (let l = 1; l < sizes.length; l++)
        for (let i = 0; i < sizes[l - 1]; i++)
          for (let j = 0; j < sizes[l]; j++) {
            const a = nodeBox(l - 1, i), b = nodeBox(l, j);
            lines += `<line data-testid="weight-${l}-${i + 1}-${j + 1}" data-layer="${l}"
              data-source="${i + 1}" data-unit="${j + 1}" x1="${a.x + a.size}" y1="${a.y + a.size / 2}"
              x2="${b.x}" y2="${b.y + b.size / 2}"></line>`;
          }
      wires.setAttribute("height", height);
      wires.innerHTML = lines;
      wires.querySelectorAll("line").forEach((el) => el.addEventListener("click", () =>
        select({ kind: "weight", layer: +el.dataset.layer, source: +el.dataset.source, unit: +el.dataset.unit })));
    }
    let biggest = 1e-9;
    frame.weights.forEach((w) => w.kernel.flat().forEach((v) => { biggest = Math.max(biggest, Math.abs(v)); }));
    wires.querySelectorAll("line").forEach((el) => {
      const w = frame.weights[el.dataset.layer - 1].kernel[el.dataset.source - 1][el.dataset.unit - 1];
      el.setAttribute("stroke", `rgb(${(w < 0 ? ORANGE : BLUE).join(",")})`);
      el.setAttribute("stroke-width", (0.5 + 5 * Math.abs(w) / biggest).toFixed(2));
      el.dataset.value = w;
      el.classList.toggle("gs-chosen", !!selection && selection.kind === "weight" &&
        selection.layer === +el.dataset.layer && selection.source === +el.dataset.source &&
        selection.unit === +el.dataset.unit);
    });
    const n = frame.surface.n;
    nodes.querySelectorAll(".gs-node").forEach((el) => {
      const map = frame.surface.units[+el.dataset.layer][el.dataset.unit - 1];
      if (el.painted !== map.bytes) { // the inputs' maps stay the same while training
        paint(el.querySelector("canvas"), decode(map.bytes), n);
        el.painted = map.bytes;
      }
      el.classList.toggle("gs-chosen", !!selection && selection.kind !== "weight" &&
        selection.layer === +el.dataset.layer && selection.unit === +el.dataset.unit);
      if (+el.dataset.layer > 0)
        el.dataset.bias = frame.weights[el.dataset.layer - 1].bias[el.dataset.unit - 1];
    });
  }

  function drawBoundary() {
    const canvas = $("boundary"), n = frame.surface.n, ctx = canvas.getContext("2d");
    paint(canvas, decode(frame.surface.output), n);
    const [lo, hi] = frame.domain, s = canvas.width / (hi - lo);
    const dot = (p, test) => {
      ctx.beginPath();
      ctx.arc((p[0] - lo) * s, canvas.height - (p[1] - lo) * s, 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${(p[2] > 0.5 ? BLUE : ORANGE).join(",")})`;
      ctx.fill();
      ctx.lineWidth = test ? 1.5 : 1;
      ctx.strokeStyle = test ? "#000" : "#fff";
      ctx.stroke();
    };
    frame.points.train.forEach((p) => dot(p, false));
    frame.points.test.forEach((p) => dot(p, true));
    canvas.dataset.step = frame.step;
  }

  function drawCurve() {
    const c = frame.curve, svg = $("loss-curve");
    const values = c.train.concat(c.test).filter((v) => v !== null);
    const top = Math.max(1e-9, ...values), last = Math.max(1, c.step[c.step.length - 1]);
    const path = (ys) => ys.map((y, i) => y === null ? "" :
      `${(c.step[i] / last * 316 + 2).toFixed(1)},${(108 - y / top * 100).toFixed(1)}`).join(" ");
    svg.innerHTML = `<polyline class="gs-train" points="${path(c.train)}"/>
      <polyline class="gs-test" points="${path(c.test)}"/>`;
  }

  // --- selection, editing and the maths ----------------------------------------------
  function select(target) {
    selection = target;
    drawNetwork(false);
    showSelection();
    explain();
  }

  function selectedValue() {
    if (!selection || selection.layer === 0) return null;
    const w = frame.weights[selection.layer - 1];
    if (!w) return null;
    return selection.kind === "weight" ? w.kernel[selection.source - 1][selection.unit - 1]
      : w.bias[selection.unit - 1];
  }

  function showSelection() {
    const box = $("selected");
    if (!selection || !frame) return;
    if (selection.layer === 0) {
      box.innerHTML = `Input ${escapeHtml(frame.features[selection.unit - 1])}: it has no weights; pick a neuron of a layer or a line.`;
      return;
    }
    const value = selectedValue();
    if (value === null || value === undefined) { box.textContent = ""; selection = null; return; }
    const name = selection.kind === "weight"
      ? `weight of layer ${selection.layer} from unit ${selection.source} to unit ${selection.unit}`
      : `bias of neuron ${selection.unit} of layer ${selection.layer}`;
    const input = box.querySelector("[data-testid=weight-value]");
    if (input && box.dataset.name === name) {
      box.querySelector("[data-testid=selected-value]").textContent = value;
      return;
    }
    box.dataset.name = name;
    box.innerHTML = `<span>${name} = <b data-testid="selected-value">${value}</b></span>
      <label>new value <input data-testid="weight-value" size="10" value="${value}"></label>
      <button data-testid="weight-apply">Set</button>`;
    const apply = async () => {
      pause();
      const result = await request("set_weight", { layer: selection.layer,
        source: selection.kind === "weight" ? selection.source : 0, unit: selection.unit,
        value: box.querySelector("[data-testid=weight-value]").value });
      if (result) { show(result); explain(); }
    };
    box.querySelector("[data-testid=weight-apply]").addEventListener("click", apply);
    box.querySelector("[data-testid=weight-value]").addEventListener("keydown", (e) => {
      if (e.key === "Enter") apply();
    });
  }

  function exampleParam() {
    const v = $("explain-example").value;
    return v === "batch" ? "batch" : +v;
  }

  async function explain() {
    const body = q(".gs-explain-body");
    if (!selection || playing) {
      if (playing) body.innerHTML = `<p class="gs-hint">Pause to see the maths of the next step.</p>`;
      return;
    }
    if (selection.layer === 0) { body.innerHTML = ""; return; }
    const result = await request("explain", { focus: selection, example: exampleParam() });
    if (!result) return;
    const rowHtml = (r, i, kind) => `<tr data-testid="explain-${kind}-${i}" data-key="${escapeHtml(r.key || "")}"
        data-value='${JSON.stringify(r.value)}'>
      <td class="gs-tex" data-tex="${escapeHtml(r.lhs)}"></td>
      <td class="gs-tex" data-tex="${escapeHtml(r.formula ? r.formula + " = " + r.numbers : "")}"></td>
      <td class="gs-tex gs-value" data-tex="${escapeHtml(r.latex)}" data-text="${escapeHtml(r.text)}"></td>
      <td>${r.checkable && r.key ? `<input class="gs-answer" data-answer="${escapeHtml(r.key)}"
           size="9" placeholder="${Array.isArray(r.value) ? "[[…], […]]" : "your value"}"> <span class="gs-verdict" data-verdict="${escapeHtml(r.key)}"></span>` : ""}</td></tr>`;
    body.innerHTML = `
      <p><b>${escapeHtml(result.title)}</b> — step ${result.step + 1}, ${exampleParam() === "batch"
        ? `rows ${result.rows_of_batch.map((r) => r + 1).join(", ")} of the data`
        : `example ${exampleParam()} of the batch (row ${result.rows_of_batch[exampleParam() - 1] + 1} of the data)`}.
        Loss before the step: <span data-testid="explain-loss" data-value="${result.loss}">${Number(result.loss).toPrecision(4)}</span></p>
      <p class="gs-notes">${result.notes.map(escapeHtml).join(" ")}</p>
      <table class="gs-rows">${result.rows.map((r, i) => rowHtml(r, i, "row")).join("")}</table>
      ${result.equations.length ? `<details><summary>The whole layer ${result.focus.layer}</summary>
        <table class="gs-rows">${result.equations.map((r, i) => rowHtml(r, i, "eq")).join("")}</table></details>` : ""}
      <button data-testid="check">Check my answers</button>
      <span data-testid="check-summary"></span>`;
    body.querySelectorAll(".gs-tex").forEach((el) => { if (el.dataset.tex) tex(el, el.dataset.tex); });
    $("check").addEventListener("click", check);
  }

  async function check() {
    const answers = {};
    q(".gs-explain-body").querySelectorAll("[data-answer]").forEach((el) => {
      if (el.value.trim() !== "") answers[el.dataset.answer] = el.value.trim();
    });
    const result = await request("check", { answers, example: exampleParam() });
    if (!result) return;
    q(".gs-explain-body").querySelectorAll("[data-verdict]").forEach((el) => { el.textContent = ""; });
    let right = 0;
    result.verdicts.forEach((v) => {
      q(".gs-explain-body").querySelectorAll(`[data-verdict="${CSS.escape(v.key)}"]`).forEach((el) => {
        el.textContent = v.status + (v.message ? ` (${v.message})` : "");
        el.className = "gs-verdict gs-" + v.status.replace(/ /g, "-");
      });
      right += v.status === "right";
    });
    $("check-summary").textContent = `${right} of ${result.verdicts.length} right`;
  }

  // --- playing ----------------------------------------------------------------------
  async function play() {
    if (playing) return;
    playing = true;
    root.classList.add("gs-playing");
    explain();
    // each request trains whole epochs for about 50 ms; the next one is sent before
    // this frame is drawn, so the server trains while the browser draws
    const ask = () => request("play", { budget: 0.05 });
    root.dataset.running = "true"; // until the last request in flight has landed
    let pending = ask();
    while (pending) {
      const result = await pending;
      if (!result) { pause(); break; }
      pending = playing ? ask() : null;
      show(result);  // also the epochs that were in flight when Pause was pressed
      if (pending) await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    delete root.dataset.running;
  }

  function pause() {
    if (!playing) return;
    playing = false;
    root.classList.remove("gs-playing");
    busy.then(() => explain());
  }

  async function once(method) {
    pause();
    const result = await request(method);
    if (result) { show(result); explain(); }
  }

  async function upload(input, method) {
    const file = input.files[0];
    if (!file) return;
    pause();
    let params;
    if (method === "upload_csv") params = { name: file.name, text: await file.text() };
    else {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      params = { name: file.name, base64: btoa(binary) };
    }
    input.value = "";
    const result = await request(method, params);
    if (result) { selection = null; show(result); }
  }

  async function download(kind) {
    const result = await request("export", { kind, example: exampleParam() });
    if (!result) return;
    const blob = new Blob([decode(result.base64)], { type: result.mime });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = result.filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  $("play").addEventListener("click", play);
  $("pause").addEventListener("click", pause);
  $("step").addEventListener("click", () => once("step"));
  $("reset").addEventListener("click", () => once("reset"));
  $("add-layer").addEventListener("click", () => { layers.push([2, layers.length ? layers[layers.length - 1][1] : "tanh"]); configure(); });
  $("remove-layer").addEventListener("click", () => { layers.pop(); configure(); });
  $("explain-example").addEventListener("change", explain);
  root.querySelectorAll("[name], .gs-features input").forEach((el) =>
    el.addEventListener("change", () => configure()));
  $("csv").addEventListener("change", () => upload($("csv"), "upload_csv"));
  $("open-model").addEventListener("change", () => upload($("open-model"), "open_model"));
  ["model", "markdown", "latex", "png"].forEach((kind) =>
    $("export-" + kind).addEventListener("click", () => download(kind)));

  (async () => {
    const search = opts.useUrl ? Object.fromEntries(new URLSearchParams(location.search)) : {};
    const result = Object.keys(search).length ? await request("configure", { query: search })
      : await request("frame");
    if (result) show(result);
    else {
      const fallback = await transport.call("frame");
      if (fallback && !fallback.error) show(fallback);
    }
    root.dataset.ready = "true";
  })();
  return { play, pause, call: request };
}
