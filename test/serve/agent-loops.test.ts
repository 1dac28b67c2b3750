/**
 * The seeds' agent loops, end to end with the official `openai` SDK against the replay server
 * (scripted model outputs per turn, parsed and encoded by toolwire):
 * - vLLM's `openai_chat_completion_client_with_tools.py` (seeds/000): weather tool, non-streaming
 *   call, the same request streamed and its argument deltas folded, tool executed, `tool` message
 *   with `tool_call_id`, second turn; for Hermes and for Mistral (9-alphanumeric ids).
 * - LM Studio's `multi-turn-example.py` (seeds/002): `get_delivery_date`, the assistant tool-call
 *   message rebuilt from the response, the tool result, and a second request without tools; for
 *   Qwen2.5 (native `<tool_call>`) and LM Studio's default `[TOOL_REQUEST]` format.
 * - LM Studio's `tool-streaming-chatbot.py` (seeds/002): a streamed answer with text and then a
 *   call, folded by hand as the example does, then a streamed final answer.
 */
import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { pieces, startReplayServer } from "./replay-server.ts";

const weatherTools: ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_current_weather",
      description: "Get the current weather in a given location",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string", description: "The city to find the weather for, e.g. 'San Francisco'" },
          state: { type: "string", description: "the two-letter abbreviation for the state that the city is in, e.g. 'CA' which would mean 'California'" },
          unit: { type: "string", description: "The unit to fetch the temperature in", enum: ["celsius", "fahrenheit"] },
        },
        required: ["city", "state", "unit"],
      },
    },
  },
];

describe("vLLM weather example (seeds/000) with the openai SDK", () => {
  it.each([
    ["hermes", '<tool_call>\n{"name": "get_current_weather", "arguments": {"city": "Dallas", "state": "TX", "unit": "fahrenheit"}}\n</tool_call>', /^call_[A-Za-z0-9]{24}$/],
    ["mistral", '[TOOL_CALLS] [{"name": "get_current_weather", "arguments": {"city": "Dallas", "state": "TX", "unit": "fahrenheit"}}]', /^[A-Za-z0-9]{9}$/],
  ] as const)("%s", async (format, callText, idPattern) => {
    const answer = "The weather in Dallas, Texas is 85 degrees fahrenheit. It is partly cloudly, with highs in the 90's.";
    const server = await startReplayServer((req) => {
      const last = req.messages.at(-1)!;
      return last.role === "tool" ? { format, text: answer } : { format, text: callText, chunks: pieces(callText, 5) };
    });
    try {
      const client = new OpenAI({ apiKey: "EMPTY", baseURL: server.baseURL, maxRetries: 0 });
      const model = (await client.models.list()).data[0].id;
      const messages: ChatCompletionMessageParam[] = [
        { role: "user", content: "Hi! How are you doing today?" },
        { role: "assistant", content: "I'm doing well! How can I help you?" },
        { role: "user", content: "Can you tell me what the temperate will be in Dallas, in fahrenheit?" },
      ];
      const chatCompletion = await client.chat.completions.create({ messages, model, tools: weatherTools });
      expect(chatCompletion.choices[0].finish_reason).toBe("tool_calls");
      expect(chatCompletion.choices[0].message.content).toBeNull();

      // The streamed variant, folded as the example does (arguments per tool call index).
      const toolCallsStream = await client.chat.completions.create({ messages, model, tools: weatherTools, stream: true });
      const args: string[] = [];
      let toolCallIdx = -1;
      const names: string[] = [];
      const ids: string[] = [];
      for await (const chunk of toolCallsStream) {
        const toolCall = chunk.choices[0]?.delta.tool_calls?.[0];
        if (!toolCall) continue;
        if (toolCall.index !== toolCallIdx) {
          toolCallIdx = toolCall.index;
          args.push("");
        }
        if (toolCall.id) ids.push(toolCall.id);
        if (toolCall.function?.name) names.push(toolCall.function.name);
        if (toolCall.function?.arguments) args[toolCallIdx] += toolCall.function.arguments;
      }
      expect(names).toEqual(["get_current_weather"]);
      expect(ids).toHaveLength(1);
      expect(ids[0]).toMatch(idPattern);
      expect(JSON.parse(args[0])).toEqual({ city: "Dallas", state: "TX", unit: "fahrenheit" });

      messages.push({ role: "assistant", tool_calls: chatCompletion.choices[0].message.tool_calls });
      const getCurrentWeather = (city: string, state: string, unit: string) =>
        `The weather in ${city === "Dallas" ? "Dallas, Texas" : city} is 85 degrees ${unit}. It is partly cloudly, with highs in the 90's.`;
      for (const call of chatCompletion.choices[0].message.tool_calls!) {
        if (call.type !== "function") throw new Error("not a function call");
        expect(call.id).toMatch(idPattern);
        const a = JSON.parse(call.function.arguments);
        messages.push({ role: "tool", content: getCurrentWeather(a.city, a.state, a.unit), tool_call_id: call.id });
      }
      const chatCompletion2 = await client.chat.completions.create({ messages, model, tools: weatherTools, stream: false });
      expect(chatCompletion2.choices[0].message.content).toBe(answer);
      expect(chatCompletion2.choices[0].finish_reason).toBe("stop");
      expect(chatCompletion2.choices[0].message.tool_calls).toBeUndefined();

      // What the server received on the second turn: the call and its result, tied by id.
      const sent = server.requests[2].messages;
      const firstId = chatCompletion.choices[0].message.tool_calls![0].id;
      expect(sent.at(-2)).toEqual({ role: "assistant", tool_calls: [{ id: firstId, type: "function", function: { name: "get_current_weather", arguments: '{"city": "Dallas", "state": "TX", "unit": "fahrenheit"}' } }] });
      expect(sent.at(-1)).toMatchObject({ role: "tool", tool_call_id: firstId });
    } finally {
      await server.close();
    }
  });
});

describe("LM Studio multi-turn delivery-date example (seeds/002) with the openai SDK", () => {
  const tools: ChatCompletionTool[] = [
    {
      type: "function",
      function: {
        name: "get_delivery_date",
        description: "Get the delivery date for a customer's order. Call this whenever you need to know the delivery date, for example when a customer asks 'Where is my package'",
        parameters: {
          type: "object",
          properties: { order_id: { type: "string", description: "The customer's order ID." } },
          required: ["order_id"],
          additionalProperties: false,
        },
      },
    },
  ];
  const final = "Your order number 1017 is scheduled for delivery on November 19, 2024, at 13:03 PM.";

  it.each([
    ["qwen", '<tool_call>\n{"name": "get_delivery_date", "arguments": {"order_id": "1017"}}\n</tool_call>'],
    ["lmstudio", '[TOOL_REQUEST]{"name": "get_delivery_date", "arguments": {"order_id": "1017"}}[END_TOOL_REQUEST]'],
  ] as const)("%s", async (format, callText) => {
    const server = await startReplayServer((_req, turn) => ({ format, text: turn === 0 ? callText : final }));
    try {
      const client = new OpenAI({ baseURL: server.baseURL, apiKey: "lm-studio", maxRetries: 0 });
      const model = "lmstudio-community/qwen2.5-7b-instruct";
      const messages: ChatCompletionMessageParam[] = [
        { role: "system", content: "You are a helpful customer support assistant. Use the supplied tools to assist the user." },
        { role: "user", content: "Give me the delivery date and time for order number 1017" },
      ];
      const response = await client.chat.completions.create({ model, messages, tools });
      expect(response.object).toBe("chat.completion");
      expect(response.choices[0].finish_reason).toBe("tool_calls");
      const toolCall = response.choices[0].message.tool_calls![0];
      if (toolCall.type !== "function") throw new Error("not a function call");
      const { order_id: orderId } = JSON.parse(toolCall.function.arguments);
      expect(orderId).toBe("1017");
      const deliveryDate = "2024-11-19 13:03:17";

      const assistantToolCallRequestMessage: ChatCompletionMessageParam = {
        role: "assistant",
        tool_calls: [{ id: toolCall.id, type: toolCall.type, function: toolCall.function }],
      };
      const functionCallResultMessage: ChatCompletionMessageParam = {
        role: "tool",
        content: JSON.stringify({ order_id: orderId, delivery_date: deliveryDate }),
        tool_call_id: toolCall.id,
      };
      const response2 = await client.chat.completions.create({ model, messages: [messages[0], messages[1], assistantToolCallRequestMessage, functionCallResultMessage] });
      expect(response2.choices[0].message.content).toBe(final);
      expect(response2.choices[0].finish_reason).toBe("stop");

      const second = server.requests[1];
      expect(second.tools).toBeUndefined();
      expect(second.messages[2].tool_calls[0].id).toBe(toolCall.id);
      expect(second.messages[3]).toEqual({ role: "tool", content: '{"order_id":"1017","delivery_date":"2024-11-19 13:03:17"}', tool_call_id: toolCall.id });
    } finally {
      await server.close();
    }
  });
});

describe("LM Studio streaming chatbot (seeds/002): text, then a call, in one stream", () => {
  it("folds content and the call as the example's process_stream does, then streams the answer", async () => {
    const first = "Sure! Here's a light joke for you: Why don't scientists trust atoms? Because they make up everything. Now, let me get the current time for you.\n<tool_call>\n{\"name\": \"get_current_time\", \"arguments\": {}}\n</tool_call>";
    const second = "The current time is 18:49:31. Enjoy your day!";
    const server = await startReplayServer((_req, turn) => (turn === 0 ? { format: "qwen", text: first, chunks: pieces(first, 2) } : { format: "qwen", text: second, chunks: pieces(second, 3) }));
    try {
      const client = new OpenAI({ baseURL: server.baseURL, apiKey: "lm-studio", maxRetries: 0 });
      const TIME_TOOL: ChatCompletionTool = { type: "function", function: { name: "get_current_time", description: "Get the current time, only if asked", parameters: { type: "object", properties: {} } } };
      async function processStream(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
        let collectedText = "";
        const toolCalls: { id: string; type: "function"; function: { name: string; arguments: string } }[] = [];
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta;
          if (!delta) continue;
          if (delta.content) collectedText += delta.content;
          else if (delta.tool_calls)
            for (const tc of delta.tool_calls) {
              if (toolCalls.length <= tc.index) toolCalls.push({ id: "", type: "function", function: { name: "", arguments: "" } });
              const t = toolCalls[tc.index];
              toolCalls[tc.index] = { id: t.id + (tc.id ?? ""), type: "function", function: { name: t.function.name + (tc.function?.name ?? ""), arguments: t.function.arguments + (tc.function?.arguments ?? "") } };
            }
        }
        return { collectedText, toolCalls };
      }
      const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "Tell me a joke, then tell me the current time" }];
      const r1 = await processStream(await client.chat.completions.create({ model: "qwen2.5", messages, tools: [TIME_TOOL], stream: true, temperature: 0.2 }));
      expect(r1.collectedText).toBe("Sure! Here's a light joke for you: Why don't scientists trust atoms? Because they make up everything. Now, let me get the current time for you.");
      expect(r1.toolCalls).toHaveLength(1);
      expect(r1.toolCalls[0].function).toEqual({ name: "get_current_time", arguments: "{}" });
      expect(r1.toolCalls[0].id).toMatch(/^call_[A-Za-z0-9]{24}$/);
      messages.push({ role: "assistant", content: r1.collectedText }, { role: "assistant", tool_calls: r1.toolCalls });
      messages.push({ role: "tool", content: String({ time: "18:49:31" }), tool_call_id: r1.toolCalls[0].id });
      const r2 = await processStream(await client.chat.completions.create({ model: "qwen2.5", messages, stream: true }));
      expect(r2).toEqual({ collectedText: second, toolCalls: [] });
      expect(server.requests[1].messages.at(-1)!.tool_call_id).toBe(r1.toolCalls[0].id);
    } finally {
      await server.close();
    }
  });
});
