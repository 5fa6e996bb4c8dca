import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, toGlobalId } from '../../core/relay';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { Account } from '../account/account.entity';
import { Role } from '../account/role';
import { ImportJob } from './bulk.entity';
import { ImportJobStatus } from './bulk.enums';
import { ImportJobStartInput, ImportJobsArgs } from './bulk.inputs';
import { ImportJobPayload } from './bulk.payloads';
import { ImportJobConnection, ImportRowErrorConnection } from './bulk.types';
import { shownStatus } from './import.jobs';

@Resolver(() => ImportJob)
export class ImportJobResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => ImportJob, { nullable: true, description: 'One import job, with its progress and row errors (platform admins only); null when there is none.' })
  importJob(@Arg('id', () => ID, { description: 'The job\'s id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.imports.get(ctx, id);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => ImportJobConnection, { description: 'Import jobs, newest first (platform admins only).' })
  importJobs(@Args() args: ImportJobsArgs, @Ctx() ctx: Context) {
    return ctx.services.imports.list(ctx, args);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ImportJobPayload, {
    description:
      'Import a spreadsheet uploaded with `POST /imports` (platform admins). Runs in the background: follow it with `importJob`. Each row is imported whole or not at all; rows already present are skipped, so the same file twice imports nothing twice, and an interrupted job of the same file is resumed.',
  })
  async importJobStart(@Arg('input', { description: 'The upload and what it holds.' }) input: ImportJobStartInput, @Ctx() ctx: Context): Promise<ImportJobPayload> {
    return { job: await ctx.services.imports.start(ctx, viewerOf(ctx), input), userErrors: [] };
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() job: ImportJob): string {
    return toGlobalId('ImportJob', job.id);
  }

  @FieldResolver(() => ImportJobStatus, { description: 'Where the job stands; INTERRUPTED when its process stopped reporting.' })
  status(@Root() job: ImportJob, @Ctx() ctx: Context): ImportJobStatus {
    return shownStatus(job, ctx.services.imports.jobs.leaseMs);
  }

  @FieldResolver(() => Float, { description: 'How far the job got, 0 to 1, by the bytes of the file read so far (the number of rows is known only at the end).' })
  fractionDone(@Root() job: ImportJob): number {
    if (job.status === ImportJobStatus.COMPLETED || job.bytes === 0) return 1;
    return Math.min(1, job.bytesRead / job.bytes);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When its process last reported progress.' })
  lastProgressAt(@Root() job: ImportJob): Date | null {
    return job.heartbeatAt;
  }

  @FieldResolver(() => [String], { description: 'Headers of the file that the kind does not know; their columns were ignored.' })
  ignoredColumns(@Root() job: ImportJob): string[] {
    return job.ignoredColumns ? job.ignoredColumns.split(', ') : [];
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who uploaded it; null for an import from the command line.' })
  startedBy(@Root() job: ImportJob, @Ctx() ctx: Context) {
    return job.startedById === null ? null : ctx.loaders.account.byId.load(job.startedById);
  }

  @FieldResolver(() => ImportRowErrorConnection, { description: 'Why rows were not imported, in the order of the file (a row may have several entries).' })
  errors(@Root() job: ImportJob, @Args() args: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.imports.errors(ctx, job, args);
  }
}
