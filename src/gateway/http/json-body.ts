import express, { type RequestHandler } from 'express';
import { JSON_MEDIA_TYPES, rejectDeclaredOversize, requireJsonBody } from './require-json';

/** 415 / 413 from headers first, then a strict JSON parse (body-parser errors map to 400/413 in the error handler). */
export function jsonBody(limitBytes: number): RequestHandler[] {
  return [requireJsonBody(), rejectDeclaredOversize(limitBytes), express.json({ limit: limitBytes, type: JSON_MEDIA_TYPES, strict: true })];
}
