// The till's page: rings up sales and refunds through the till's own /api routes and redraws from /api/state
// once a second. Every call to Dojo happens on the server side, in Counter; the page only asks and shows.
"use strict";

const $ = (id) => document.getElementById(id);
const pounds = (pence) => (pence / 100).toFixed(2);

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error(json?.message ?? `${response.status} ${response.statusText}`);
  }
  return json;
}

function showError(error) {
  $("error").hidden = !error;
  $("error").textContent = error ? error.message ?? String(error) : "";
}

async function act(method, url, body) {
  try {
    showError(null);
    await call(method, url, body);
    await redraw();
  } catch (error) {
    showError(error);
  }
}

// The basket editor.
function addLine(name = "Coffee", quantity = 1, price = 300, discount = 0) {
  const row = document.createElement("tr");
  row.innerHTML = `<td><input class="name" aria-label="Item"></td>
    <td><input class="quantity" type="number" min="1" aria-label="Quantity"></td>
    <td><input class="price" type="number" min="0" aria-label="Unit price in pence"></td>
    <td><input class="discount" type="number" min="0" aria-label="Discount in pence"></td>
    <td><button type="button" aria-label="Remove">×</button></td>`;
  row.querySelector(".name").value = name;
  row.querySelector(".quantity").value = quantity;
  row.querySelector(".price").value = price;
  row.querySelector(".discount").value = discount;
  row.querySelector("button").onclick = () => { row.remove(); updateTotal(); };
  row.oninput = updateTotal;
  $("basket").querySelector("tbody").append(row);
  updateTotal();
}

function lines() {
  return [...$("basket").querySelectorAll("tbody tr")].map((row) => ({
    name: row.querySelector(".name").value,
    quantity: Number(row.querySelector(".quantity").value),
    unitPrice: Number(row.querySelector(".price").value),
    discount: Number(row.querySelector(".discount").value),
    discountName: "Discount",
  }));
}

function updateTotal() {
  const goods = lines().reduce((sum, l) => sum + l.quantity * l.unitPrice - l.discount, 0);
  $("total").textContent = pounds(goods + Number($("tips").value) + Number($("cashback").value));
}

function terminal() {
  return $("tid").value.trim() || $("terminal").value || null;
}

// One order with the buttons that make sense for it now.
function orderView(order) {
  const card = document.createElement("article");
  card.className = "order";
  const buttons = [];
  const button = (label, handler) => buttons.push([label, handler]);
  const base = `/api/orders/${encodeURIComponent(order.reference)}`;
  if (order.prompt === "Signature") {
    button("Signature OK", () => act("POST", `${base}/signature`, { accepted: true }));
    button("Signature does not match", () => act("POST", `${base}/signature`, { accepted: false }));
  }
  if (order.prompt === "Expired") {
    button("PDQ shows it went through: record it", () => act("POST", `${base}/by-hand`));
  }
  if (["Expired", "Declined", "TerminalUnavailable"].includes(order.prompt)) {
    button("Retry", () => act("POST", `${base}/retry`, { terminal: terminal() }));
  }
  if (order.terminalSessionId && !order.settled && !order.prompt.match(/Expired|Declined|Unavailable/)) {
    button("Cancel on the terminal", () => act("POST", `${base}/cancel`));
  }
  if (order.paymentIntentId && !order.intentStatus) {
    button("Check status", () => act("POST", `${base}/refresh`));
  }
  if (order.kind === "PreAuth" && order.intentStatus === "Authorized") {
    button("Change amount", () => act("POST", `${base}/amount`, { amount: Number(prompt("New amount in pence", order.amount)) }));
    button("Capture", () => act("POST", `${base}/capture`, { amount: Number(prompt("Amount to capture in pence", order.amount)) }));
    button("Release", () => act("POST", `${base}/reverse`));
  }
  if (["Sale", "PreAuth"].includes(order.kind) && order.intentStatus === "Captured") {
    button("Refund in full", () => act("POST", `${base}/refund`, {}));
    button("Refund part", () => act("POST", `${base}/refund`, { amount: Number(prompt("Amount to refund in pence")) }));
    button("Refund on the terminal", () => act("POST", `${base}/terminal-refund`, { terminal: terminal() }));
  }
  card.innerHTML = `<h3></h3><p class="status"></p><p class="notice"></p><ul class="messages"></ul><div class="actions"></div>`;
  card.querySelector("h3").textContent = `${order.reference} · ${order.kind} · ${pounds(order.amount + order.tips + order.cashback)}`;
  card.querySelector(".status").textContent = [order.sessionStatus && `Terminal: ${order.sessionStatus}`, order.intentStatus && `Payment: ${order.intentStatus}`, order.refunded && `Refunded ${pounds(order.refunded)}`].filter(Boolean).join(" · ");
  card.querySelector(".notice").textContent = order.notice ?? "";
  for (const message of order.messages.slice(-4)) {
    const item = document.createElement("li");
    item.textContent = message;
    card.querySelector(".messages").append(item);
  }
  for (const [label, handler] of buttons) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.onclick = handler;
    card.querySelector(".actions").append(b);
  }
  return card;
}

async function redraw() {
  const state = await call("GET", "/api/state");
  $("orders").replaceChildren(...state.orders.map(orderView));
  $("journal").replaceChildren(...state.journal.map((entry) => {
    const item = document.createElement("li");
    item.textContent = `${new Date(entry.at).toLocaleTimeString()} ${entry.order ?? ""} ${entry.what} — ${entry.why}`;
    return item;
  }));
}

async function loadTerminals() {
  try {
    const terminals = await call("GET", "/api/terminals");
    $("terminal").replaceChildren(...terminals.map((t) => {
      const option = document.createElement("option");
      option.value = t.id;
      option.textContent = `${t.tid} (${t.available ? "available" : t.status.toLowerCase()})`;
      option.disabled = !t.available;
      return option;
    }));
  } catch (error) {
    showError(error);
  }
}

$("add-line").onclick = () => addLine("", 1, 0, 0);
$("tips").oninput = updateTotal;
$("cashback").oninput = updateTotal;
$("pay").onclick = () => act("POST", "/api/sales", {
  lines: lines(),
  taxes: Number($("vat").value) > 0 ? [{ name: "VAT", amount: Number($("vat").value) }] : [],
  terminal: terminal(),
  preAuth: $("preauth").checked,
  tips: Number($("tips").value),
  cashback: Number($("cashback").value),
  cardHolderNotPresent: $("moto").checked,
});
$("unlinked").onclick = () => act("POST", "/api/refunds", { amount: Number($("unlinked-amount").value), terminal: terminal() });
$("subscribe").onclick = () => act("POST", "/api/webhooks", { url: $("hook-url").value });

addLine("Coffee", 2, 300, 0);
addLine("Cake", 1, 450, 50);
loadTerminals();
redraw().catch(showError);
setInterval(() => redraw().catch(showError), 1000);
setInterval(loadTerminals, 15000);
