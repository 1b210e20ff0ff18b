// WaniWani's insurance-quote flow: the same five nodes and four calls as Stepwise's insurance_quote
// (a two-question ask with an email validator, an age ask whose validator coerces the age, an action
// pricing the plans, a plan-picker widget with field "plan", a final action issuing the quote id),
// compiled with @waniwani/sdk createFlow on the KvStore it is given. Shared by server.mjs (the MCP
// section's peer, on MemoryKvStore) and engine.mjs (the peer section's in-process driver).
import { createFlow, END, START } from "@waniwani/sdk/mcp";
import { z } from "zod";

const PLANS = ["basic", "standard", "premium"];
const round = (v) => Math.round(v * 100) / 100;

export function insuranceQuote(store) {
  return createFlow({
    id: "insurance_quote",
    title: "Car insurance quote",
    description:
      "Gets a car insurance quote: collects the driver's name, email and age, prices three plans and lets the user pick one.",
    state: {
      name: z.string().min(1).max(200).describe("Full name of the main driver"),
      email: z.string().describe("Email address for the quote"),
      age: z.number().int().min(18).max(120).describe("Age of the main driver in years (18 or older)"),
      ageBand: z.string().describe("Age band derived from the age"),
      premium: z.number().describe("Monthly premium of the standard plan, in EUR"),
      plan: z.enum(PLANS).describe("The plan the user chose"),
      quoteId: z.string().describe("Identifier of the issued quote"),
    },
  })
    .addNode({
      id: "ask_contact",
      run: ({ interrupt }) =>
        interrupt(
          {
            name: { question: "What's your full name?" },
            email: {
              question: "What's your email address?",
              validate: (value) => {
                const email = String(value).trim().toLowerCase();
                if (email.endsWith("@example.invalid")) throw new Error("that email domain cannot receive mail");
                return { email };
              },
            },
          },
          { context: "Ask for both in one friendly message." },
        ),
    })
    .addNode({
      id: "ask_age",
      run: ({ interrupt }) =>
        interrupt({
          age: {
            question: "How old is the main driver?",
            suggestions: ["25", "40", "67"],
            validate: (value) => {
              const age = Number.parseInt(String(value), 10);
              if (!(age >= 18 && age <= 120)) throw new Error("the age must be between 18 and 120");
              return { age, ageBand: age < 26 ? "young" : age < 66 ? "adult" : "senior" };
            },
          },
        }),
    })
    .addNode({
      id: "compute_quote",
      run: ({ state }) => {
        const factor = state.ageBand === "young" ? 1.6 : state.ageBand === "senior" ? 1.3 : 1.0;
        return { premium: round(35 * factor) };
      },
    })
    .addNode({
      id: "show_plans",
      run: ({ state, showWidget }) =>
        showWidget({
          tool: "show_plan_picker",
          field: "plan",
          data: {
            plans: [
              { id: "basic", monthly: round(state.premium * 0.7) },
              { id: "standard", monthly: state.premium },
              { id: "premium", monthly: round(state.premium * 1.6) },
            ],
          },
        }),
    })
    .addNode({
      id: "finalize",
      run: ({ state }) => ({ quoteId: "Q-" + (state.email.length * 7919).toString(16).toUpperCase() }),
    })
    .addEdge(START, "ask_contact")
    .addEdge("ask_contact", "ask_age")
    .addEdge("ask_age", "compute_quote")
    .addConditionalEdge("compute_quote", ["show_plans", END], (state) => (state.premium ? "show_plans" : END))
    .addEdge("show_plans", "finalize")
    .addEdge("finalize", END)
    .compile({ store });
}
