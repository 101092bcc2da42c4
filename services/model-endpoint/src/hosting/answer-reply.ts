/** The part of Fastify's reply the controllers use to type their answers. */
export interface AnswerReply {
  header(name: string, value: string): unknown;
}
